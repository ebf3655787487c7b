package dev.liandan.study;

/** The reason a FAILED trial records, in one line. */
public final class FailureReason {
    private FailureReason() {
    }

    /**
     * A failure's reason in one line: the exception's kind and first message line, and its root cause's
     * when there is another (DL4J wraps, for instance, JavaCPP's out-of-memory error in "Error during
     * neural network forward pass", which alone says nothing of what went wrong).
     */
    public static String of(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? oneLine(e) : oneLine(e) + "; caused by " + oneLine(root);
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message.lines().findFirst().orElse("");
    }
}

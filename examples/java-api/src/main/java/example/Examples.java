package example;

/** Runs both examples: the define-by-run study, then your own network on MNIST. */
public final class Examples {
    public static void main(String[] args) throws Exception {
        DefineByRun.main(args);
        OwnResNet.main(args);
    }
}

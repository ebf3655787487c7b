package dev.liandan.space;

/** A place in a user's file, 1-based, for error messages of the form {@code file:line:column}. */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}

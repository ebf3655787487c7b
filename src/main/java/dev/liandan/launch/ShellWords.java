package dev.liandan.launch;

import java.util.List;
import java.util.stream.Collectors;

/** Words for a POSIX shell script: each one argument as is, whatever it holds. */
final class ShellWords {
    private ShellWords() {
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    static String join(List<String> words) {
        return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
    }
}

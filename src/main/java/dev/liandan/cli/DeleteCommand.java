package dev.liandan.cli;

import dev.liandan.core.UserError;
import dev.liandan.study.StudyOverview;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Delete a study: its trials and, for a SQLite study, its whole folder DIR/<study>/ "
                + "(the study file, the trials' models, the report, the ensemble).",
                "Asks first, on a terminal; --yes deletes without asking (scripts)."},
        footer = {"", "Examples:",
                "  liandan delete --study digits-mlp",
                "  liandan delete --study digits-mlp --results /tmp/runs --yes",
                "  liandan delete --study digits-mlp --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan' --yes",
                "", "With --storage only the study's rows are deleted; the trials' artifacts on each host stay",
                "in DIR/<study>/ there."})
final class DeleteCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Named study;

    @Option(names = {"-y", "--yes"}, description = "delete without asking")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        boolean sqlite = study.results.storage == null;
        Path dir = study.dir();
        StudyOverview overview;
        try (StudyStorage storage = study.open()) {
            overview = StudyOverview.of(study.record(storage), storage.trials(study.study()));
            String what = "study '" + study.study() + "' (" + overview.trials() + " trial(s): " + overview.countsText() + ")"
                    + (sqlite ? " and its folder " + dir : " from " + storage);
            if (!yes && !confirmed(what)) {
                out.println("nothing deleted");
                return 0;
            }
            if (!sqlite) {
                storage.deleteStudy(study.study());
            }
        }
        if (sqlite) {
            deleteTree(dir);
        }
        out.printf("deleted study '%s' (%d trial(s))%s%n", study.study(), overview.trials(),
                sqlite ? " and " + dir : Files.isDirectory(dir) ? "; its artifacts in " + dir + " are left in place" : "");
        return 0;
    }

    /** Asks on the terminal; without one, refuses rather than deleting unasked. */
    private boolean confirmed(String what) throws IOException {
        Console console = System.console();
        if (console == null) {
            throw new UserError("delete: not asking without a terminal: add --yes to delete " + what);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print("Delete " + what + "? [y/N] ");
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().toLowerCase(Locale.ROOT).matches("y|yes");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

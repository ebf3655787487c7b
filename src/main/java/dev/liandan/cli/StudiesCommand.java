package dev.liandan.cli;

import dev.liandan.storage.JdbcStorage;
import dev.liandan.study.StudyOverview;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "studies", mixinStandardHelpOptions = true,
        description = "List the studies: each with its objective, its trials by state and its best trial.",
        footer = {"", "Examples:",
                "  liandan studies                   # the SQLite studies under results/",
                "  liandan studies --results /tmp/runs",
                "  liandan studies --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan'"})
final class StudiesCommand implements Callable<Integer> {
    @Mixin
    ResultsOptions results;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<StudyOverview> studies = new ArrayList<>();
        if (results.storage != null) {
            try (StudyStorage storage = results.open("")) {
                for (String name : storage.studyNames()) {
                    studies.add(overview(storage, name));
                }
            }
        } else if (Files.isDirectory(results.results)) {
            // one SQLite file per study: DIR/<study>/study.db
            try (Stream<Path> dirs = Files.list(results.results)) {
                for (Path db : dirs.map(d -> d.resolve("study.db")).filter(Files::isRegularFile).sorted().toList()) {
                    try (StudyStorage storage = JdbcStorage.sqlite(db)) {
                        for (String name : storage.studyNames()) {
                            studies.add(overview(storage, name));
                        }
                    }
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (studies.isEmpty()) {
            out.println("no studies in " + (results.storage != null ? "that storage" : results.results));
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("study", "objective", "trials", "best"));
        for (StudyOverview s : studies) {
            StudyRecord r = s.study();
            rows.add(List.of(r.name(), r.metric() + " " + r.direction().name().toLowerCase(Locale.ROOT),
                    s.trials() + " (" + s.countsText() + ")",
                    s.best().map(StudiesCommand::best).orElse("-")));
        }
        out.print(TextTable.of(rows));
        return 0;
    }

    private static StudyOverview overview(StudyStorage storage, String name) {
        return StudyOverview.of(storage.findStudy(name).orElseThrow(), storage.trials(name));
    }

    private static String best(Trial t) {
        double v = t.value();
        String value = v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v);
        return value + " (trial " + t.number() + ")";
    }
}

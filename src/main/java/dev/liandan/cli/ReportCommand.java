package dev.liandan.cli;

import dev.liandan.core.UserError;
import dev.liandan.report.StudyComparison;
import dev.liandan.report.StudyReport;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a study's HTML report: summary, sortable leaderboard, optimisation history, "
                + "learning rate against the objective, learning curves, parallel coordinates, parameter "
                + "importance (fANOVA, with its bootstrap spread), contour plots, slice plots, the empirical "
                + "distribution of the objective, and the ensemble and LR range test when they exist.",
                "One self-contained file that opens offline. A sweep keeps it up to date as it runs.",
                "--compare A,B puts studies side by side on one page instead."},
        footer = {"", "Examples:",
                "  liandan report --study digits-mlp",
                "  liandan report --study digits-mlp --out /tmp/digits.html --images",
                "  liandan report --compare digits-mlp,digits-tpe"})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    ResultsOptions results;

    @Option(names = "--study", paramLabel = "NAME", description = "the study's name")
    String study;

    @Option(names = "--compare", split = ",", paramLabel = "A,B",
            description = "studies to put side by side (two or more, in the same results folder or storage); "
                    + "written to DIR/compare-A-B.html unless --out says otherwise")
    List<String> compare;

    @Option(names = "--out", paramLabel = "FILE", description = "the report file (default: DIR/<study>/report.html)")
    Path out;

    @Option(names = "--images", description = "also write each plot as SVG and PNG into report-images/ beside the report")
    boolean images;

    @Spec
    CommandSpec spec;

    /** The existing study {@code name} where the results options say. */
    private StudyLocation at(String name) {
        StudyLocation location = new StudyLocation() {
            @Override
            String study() {
                return name;
            }
        };
        location.results = results;
        return location;
    }

    @Override
    public Integer call() {
        if ((study == null) == (compare == null)) {
            throw new UserError("report: give --study NAME for one study's report or --compare A,B to compare studies");
        }
        return compare != null ? compare() : single();
    }

    private Path checkedOut(Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError("--out " + file + " is a folder: expected a file name such as report.html");
        }
        return file;
    }

    private Integer single() {
        StudyLocation location = at(study);
        Path file = checkedOut(out != null ? out : location.dir().resolve(StudyReport.FILE_NAME));
        PrintWriter w = spec.commandLine().getOut();
        try (StudyStorage storage = location.open()) {
            StudyRecord record = location.record(storage);
            StudyReport report = StudyReport.of(record, storage.trials(study), location.dir(), null, Instant.now());
            report.write(file);
            w.println("Report written to " + file.toAbsolutePath().normalize());
            report.plotsUnavailable().ifPresent(why -> spec.commandLine().getErr().println("liandan: the report has no plots: " + why));
            if (images) {
                Path dir = file.toAbsolutePath().getParent().resolve(StudyReport.IMAGES_DIR);
                List<Path> files = report.writeImages(dir);
                w.println(files.size() + " images (SVG and PNG) written to " + dir.normalize());
            }
        }
        return 0;
    }

    private Integer compare() {
        List<String> names = compare.stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (names.size() < 2) {
            throw new UserError("--compare needs two different studies or more, e.g. --compare A,B; got " + compare);
        }
        if (images) {
            throw new UserError("--images is for one study's report, not for --compare");
        }
        List<StudyComparison.Entry> entries = new ArrayList<>();
        for (String name : names) {
            StudyLocation location = at(name);
            try (StudyStorage storage = location.open()) {
                entries.add(new StudyComparison.Entry(location.record(storage), storage.trials(name), location.dir()));
            }
        }
        Path file = checkedOut(out != null ? out : results.results.resolve(StudyComparison.fileName(names)));
        StudyComparison.of(entries, Instant.now()).write(file);
        spec.commandLine().getOut().println("Comparison written to " + file.toAbsolutePath().normalize());
        return 0;
    }
}

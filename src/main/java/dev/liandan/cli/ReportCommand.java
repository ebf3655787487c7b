package dev.liandan.cli;

import dev.liandan.report.StudyReport;
import dev.liandan.core.UserError;
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
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a study's HTML report: summary, sortable leaderboard, optimisation history, "
                + "learning rate against the objective, learning curves, parallel coordinates, parameter "
                + "importance (fANOVA), slice plots, and the ensemble and LR range test when they exist.",
                "One self-contained file that opens offline. A sweep keeps it up to date as it runs."},
        footer = {"", "Examples:",
                "  liandan report --study digits-mlp",
                "  liandan report --study digits-mlp --out /tmp/digits.html --images"})
final class ReportCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Named study;

    @Option(names = "--out", paramLabel = "FILE", description = "the report file (default: DIR/<study>/report.html)")
    Path out;

    @Option(names = "--images", description = "also write each plot as SVG and PNG into report-images/ beside the report")
    boolean images;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path file = out != null ? out : study.dir().resolve(StudyReport.FILE_NAME);
        if (Files.isDirectory(file)) {
            throw new UserError("--out " + file + " is a folder: expected a file name such as report.html");
        }
        PrintWriter w = spec.commandLine().getOut();
        try (StudyStorage storage = study.open()) {
            StudyRecord record = study.record(storage);
            StudyReport report = StudyReport.of(record, storage.trials(study.study()), study.dir(), null, Instant.now());
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
}

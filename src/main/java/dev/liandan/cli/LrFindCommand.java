package dev.liandan.cli;

import dev.liandan.report.LrFindPlot;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.train.Devices;
import dev.liandan.train.LrFinder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "lr-find", mixinStandardHelpOptions = true,
        description = "The learning-rate range test (Smith 2017): one short run with the rate growing exponentially, "
                + "the smoothed loss per step, a suggested rate (steepest descent) and search range.",
        footer = {"", "Examples:", "  liandan lr-find search-spaces/digits-lr-find.yaml",
                "  liandan lr-find search-spaces/digits-lr-find.yaml --apply   # writes digits-lr-find.lr-find.yaml",
                "", "Writes DIR/<study>/lr-find/: lr-find.csv (lr,loss,smoothed_loss), lr-find.svg, suggestion.json.",
                "Searched parameters other than lr are held at the middle of their ranges."})
final class LrFindCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the space file (YAML)")
    Path file;

    @Mixin
    ResultsOptions results;

    @Option(names = "--start-lr", defaultValue = "1e-7", description = "first rate (default: ${DEFAULT-VALUE})")
    double startLr;

    @Option(names = "--end-lr", defaultValue = "10", description = "last rate (default: ${DEFAULT-VALUE})")
    double endLr;

    @Option(names = "--steps", defaultValue = "300", description = "iterations of the ramp (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--divergence", defaultValue = "4",
            description = "stop when the smoothed loss exceeds this many times its best (default: ${DEFAULT-VALUE})")
    double divergence;

    @Option(names = "--seed", defaultValue = "0", description = "seed of the weights and batch order (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--apply", description = "write the suggested range as training.lr into FILE.lr-find.yaml")
    boolean apply;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        StudySpec study = SpaceFileParser.parse(file);
        if (apply) {
            LrFinder.checkApplicable(study);
        }
        Devices.fallbackNotice().ifPresent(spec.commandLine().getErr()::println);
        LrFinder.Result r = LrFinder.run(study, new LrFinder.Options(startLr, endLr, steps, divergence, seed));
        Path dir = results.studyDir(study.name()).resolve("lr-find");
        LrFinder.write(r, dir);
        LrFindPlot.write(r, dir.resolve("lr-find.svg"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d steps (%s); suggested lr %.3g (steepest descent of the smoothed loss),"
                + " search range [%.3g, %.3g]%n", r.steps(), LrFinder.stoppedInWords(r.stoppedReason()), r.suggestedLr(), r.rangeLow(), r.rangeHigh());
        if (r.baseFactor() != 1.0) {
            out.printf(Locale.ROOT, "linear scaling: as base rates (lr) that is [%.3g, %.3g]%n",
                    r.rangeLow() / r.baseFactor(), r.rangeHigh() / r.baseFactor());
        }
        out.printf("curve, plot and suggestion in %s%n", dir);
        if (apply) {
            out.printf("wrote %s%n", LrFinder.applyTo(study, r));
        }
        return 0;
    }
}

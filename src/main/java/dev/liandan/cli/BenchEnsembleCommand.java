package dev.liandan.cli;

import dev.liandan.ensemble.ValidationCrossCheck;
import dev.liandan.space.EnsembleSpec;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Compares the ways `liandan ensemble` can choose an ensemble on a finished study without "
                + "touching its test split: repeated 2-fold cross-fitting inside the validation split (choose on "
                + "one random half, score accuracy on the other, swap). Prints a markdown table.",
        footer = {"", "Examples:", "  liandan bench ensemble --study mnist-ensemble --top 20 --size 50 --repeats 5",
                "  liandan bench ensemble --study mnist-ensemble --top 20 --size 50 --seeds-per-config 3 --reseed-top 5"})
final class BenchEnsembleCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Named location;

    @Option(names = "--top", defaultValue = "" + EnsembleSpec.DEFAULT_TOP_K, paramLabel = "K",
            description = "candidates: the best K finished trials (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--size", defaultValue = "" + EnsembleSpec.DEFAULT_SIZE, paramLabel = "S",
            description = "caruana: most picks (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--bags", defaultValue = "20", paramLabel = "B",
            description = "caruana: bags of the bagged variants (default: ${DEFAULT-VALUE}, as Caruana et al. 2004)")
    int bags;

    @Option(names = "--seeds-per-config", defaultValue = "1", paramLabel = "N",
            description = "add the members `liandan ensemble --seeds-per-config N` retrained (seeds 2..N of the best "
                    + "--reseed-top configurations) to the candidates; they must exist (default: ${DEFAULT-VALUE})")
    int seedsPerConfig;

    @Option(names = "--reseed-top", defaultValue = "" + EnsembleSpec.DEFAULT_RESEED_TOP, paramLabel = "K",
            description = "with --seeds-per-config > 1: how many of the best configurations were retrained "
                    + "(default: ${DEFAULT-VALUE})")
    int reseedTop;

    @Option(names = "--repeats", defaultValue = "5", paramLabel = "R",
            description = "random halvings of the validation split (default: ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "seed of the halvings (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Minimums.of(spec).atLeast(1, "--top", "--size", "--bags", "--repeats", "--seeds-per-config", "--reseed-top")
                .check();
        PrintWriter out = spec.commandLine().getOut();
        String study = location.study();
        try (StudyStorage storage = location.open()) {
            StudyRecord record = location.record(storage);
            StudySpec studySpec = SpaceFileParser.parse(record.spaceText(), Path.of(record.spaceFile()));
            ValidationCrossCheck.Library library = ValidationCrossCheck.library(studySpec, storage.trials(study),
                    location.dir(), top, seedsPerConfig, reseedTop);
            List<ValidationCrossCheck.Way> ways = ValidationCrossCheck.standardWays(size, bags);
            double[] acc = ValidationCrossCheck.heldOutAccuracy(library, ways, repeats, seed);
            out.printf(Locale.ROOT, "Study '%s': %d candidates (trials %s), %d validation rows, %d halvings%n%n",
                    study, library.trials().size(), library.trials(), library.labels().length, repeats);
            out.println("| way | held-out accuracy (validation cross-fit) | vs best single (points) |");
            out.println("|---|---|---|");
            for (int w = 0; w < ways.size(); w++) {
                out.printf(Locale.ROOT, "| %s | %.4f | %+.2f |%n", ways.get(w).name(), acc[w], 100 * (acc[w] - acc[0]));
            }
            out.flush();
        }
        return 0;
    }
}

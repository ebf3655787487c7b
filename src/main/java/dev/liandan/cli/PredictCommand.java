package dev.liandan.cli;

import dev.liandan.ensemble.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict labels (or class probabilities) of new rows with an ensemble bundle.",
                "The input is a CSV file of raw feature values. With a header, columns are matched to the "
                        + "bundle's features by name (any order; the label column is ignored); without one, each "
                        + "row holds exactly the features in the bundle's order. A bad row is refused with its "
                        + "row number (exit code 2).",
                "A bundle of own networks (a define-by-run study of the Java API) reads one example per row, flat "
                        + "(an image's values in C order), reshaped to the shape its members read; its features are "
                        + "named x0, x1, ..."},
        footer = {"", "Examples:",
                "  liandan predict --ensemble results/digits-mlp/ensemble --input x.csv --output p.csv",
                "  liandan predict --ensemble results/digits-mlp/ensemble.zip --input x.csv --output p.csv --proba",
                "  liandan predict --ensemble results/digits-mlp/ensemble --input x.csv --output - | head",
                "", "Output: row,label per input row; with --proba also p_<class> per class (vote shares for",
                "hard_vote and hierarchical bundles)."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--ensemble", required = true, paramLabel = "PATH",
            description = "the bundle: its folder, or the .zip file of `ensemble --zip`")
    Path ensemble;

    @Option(names = "--input", required = true, paramLabel = "FILE.csv", description = "rows to predict (CSV, or .csv.gz)")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE.csv", description = "where the predictions go; - for standard output")
    Path output;

    @Option(names = "--proba", description = "also write each class's probability")
    boolean proba;

    @Mixin
    VerboseOption verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (output.toString().equals("-")) {
            // the CSV alone on standard output, so that it can be piped; the count goes to standard error
            int rows = Predictions.run(ensemble, input, spec.commandLine().getOut(), proba);
            spec.commandLine().getErr().printf("%d row(s) predicted%n", rows);
            return 0;
        }
        int rows = Predictions.run(ensemble, input, output, proba);
        spec.commandLine().getOut().printf("%d row(s) predicted: %s%n", rows, output);
        return 0;
    }
}

package dev.liandan.cli;

import dev.liandan.ensemble.EnsembleBuilder;
import dev.liandan.ensemble.EnsembleOptions;
import dev.liandan.ensemble.EnsembleReport;
import dev.liandan.ensemble.EnsembleResult;
import dev.liandan.ensemble.Method;
import dev.liandan.ensemble.Metric;
import dev.liandan.space.EnsembleSpec;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = {"Combine a study's best trials into an ensemble, chosen on the validation split and scored "
                + "on the held-out test split, and write it as a bundle to DIR/<study>/ensemble/ "
                + "(manifest.json and the members' DL4J model files).",
                "A define-by-run study of the Java API whose trials kept their own networks (OwnNetwork.train) "
                        + "is chosen on the validation rows its trials share; it has no test split to score on, and "
                        + "its configurations cannot be retrained (no hierarchical, no --seeds-per-config).",
                "Methods: caruana (greedy forward selection with replacement, Caruana et al. 2004; the default), "
                        + "soft_vote (mean probabilities; --weights fitted fits them on validation), hard_vote "
                        + "(majority, ties by summed probabilities), hierarchical (each of the top configurations "
                        + "retrained with --seeds-per-config seeds, averaged, then the configurations vote). "
                        + "caruana --seeds-per-config N adds the best --reseed-top configurations, each retrained "
                        + "with N-1 new seeds, to its candidates.",
                "Candidates: the best --top K trials by the (first) objective; or exactly the trials of --trials "
                        + "(one trial: a bundle of it alone, which predict serves); or, in a study of several "
                        + "objectives, the Pareto front (--pareto: the trials that satisfy its constraints and that no "
                        + "other such trial dominates). The methods then choose on the first objective's metric."},
        footer = {"", "Examples:",
                "  liandan ensemble --study digits-mlp",
                "  liandan ensemble --study digits-mlp --method caruana --top 10 --size 20 --zip",
                "  liandan ensemble --study digits-mlp --select-by accuracy --bags 1   # plain Caruana 2004",
                "  liandan ensemble --study digits-mlp --method soft_vote --weights fitted",
                "  liandan ensemble --study digits-mlp --method hierarchical --top 3",
                "  liandan ensemble --study digits-mlp --keep   # even if it loses to the best single trial",
                "  liandan ensemble --study digits-mlp --seeds-per-config 3 --reseed-top 5   # caruana + new seeds",
                "  liandan ensemble --study digits-sized --pareto --method soft_vote   # the Pareto front's trials",
                "  liandan ensemble --study digits-sized --trials 7   # deploy the one trade-off you chose",
                "  liandan predict --ensemble results/digits-mlp/ensemble --input x.csv --output p.csv"})
final class EnsembleCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Named location;

    @Option(names = "--method", defaultValue = EnsembleSpec.DEFAULT_METHOD, paramLabel = "M",
            description = "caruana, soft_vote, hard_vote or hierarchical (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--top", defaultValue = "" + EnsembleSpec.DEFAULT_TOP_K, paramLabel = "K",
            description = "candidates: the best K finished trials (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--trials", paramLabel = "N,N,...",
            description = "candidates: exactly these COMPLETE trials, by number (instead of --top)")
    String trials;

    @Option(names = "--pareto", description = "candidates: the Pareto-optimal feasible COMPLETE trials of a study of "
            + "several objectives (instead of --top)")
    boolean pareto;

    @Option(names = "--size", defaultValue = "" + EnsembleSpec.DEFAULT_SIZE, paramLabel = "S",
            description = "caruana: most members picked, with replacement (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seeds-per-config", paramLabel = "N",
            description = "hierarchical and caruana: members per configuration, the trial itself included "
                    + "(default: " + EnsembleSpec.DEFAULT_SEEDS_PER_CONFIG + " for hierarchical, 1 for caruana)")
    Integer seedsPerConfig;

    @Option(names = "--reseed-top", defaultValue = "" + EnsembleSpec.DEFAULT_RESEED_TOP, paramLabel = "K",
            description = "caruana with --seeds-per-config > 1: how many of the best configurations are retrained "
                    + "(default: ${DEFAULT-VALUE})")
    int reseedTop;

    @Option(names = "--weights", defaultValue = EnsembleSpec.DEFAULT_WEIGHTS, paramLabel = "W",
            description = "soft_vote: equal, or fitted on the validation predictions (default: ${DEFAULT-VALUE})")
    String weights;

    @Option(names = "--select-by", defaultValue = EnsembleOptions.DEFAULT_SELECT_BY, paramLabel = "METRIC",
            description = "caruana: the metric its greedy steps climb on validation, log_loss or accuracy "
                    + "(default: ${DEFAULT-VALUE})")
    String selectBy;

    @Option(names = "--init", defaultValue = EnsembleOptions.DEFAULT_INIT, paramLabel = "I",
            description = "caruana: sorted (start from the best N candidates, N chosen on validation) or empty "
                    + "(default: ${DEFAULT-VALUE})")
    String init;

    @Option(names = "--bags", defaultValue = "" + EnsembleOptions.DEFAULT_BAGS, paramLabel = "B",
            description = "caruana: repeat the selection on B random halves of the candidates and average the "
                    + "weights; 1 = one selection on all (default: ${DEFAULT-VALUE})")
    int bags;

    @Option(names = "--keep", description = "write the chosen ensemble even when it scores below the best single "
            + "trial on the validation cross-fit (by default that trial is written alone then)")
    boolean keep;

    @Option(names = "--zip", description = "also write the bundle as one file, DIR/<study>/ensemble.zip")
    boolean zip;

    @Option(names = {"-v", "--verbose"}, description = "show DL4J/ND4J start-up logs")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!EnsembleSpec.WEIGHTS.contains(weights)) {
            throw new UserError("unknown --weights '" + weights + "': expected equal or fitted");
        }
        if (!init.equals("sorted") && !init.equals("empty")) {
            throw new UserError("unknown --init '" + init + "': expected sorted or empty");
        }
        if ((trials != null || pareto) && spec.commandLine().getParseResult().hasMatchedOption("--top")) {
            throw new UserError("--top chooses the candidates as --" + (pareto ? "pareto" : "trials") + " does: give one");
        }
        Method m = Method.of(method);
        EnsembleOptions options = new EnsembleOptions(m, top, size,
                seedsPerConfig == null ? EnsembleSpec.defaultSeedsPerConfig(m.id()) : seedsPerConfig,
                weights.equals("fitted"), zip, Metric.ofId(selectBy), init.equals("sorted"), bags, reseedTop, keep,
                trials == null ? null : trialNumbers(trials), pareto);
        try (StudyStorage storage = location.open()) {
            StudyRecord record = location.record(storage);
            EnsembleResult result = EnsembleBuilder.build(record, storage.studyAttributes(location.study()),
                    storage.trials(location.study()), location.dir(), options,
                    new EnsembleView(spec.commandLine().getOut()));
            spec.commandLine().getOut().print(EnsembleReport.text(result));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** "3,7,12" as trial numbers; anything else is one line. */
    static java.util.List<Integer> trialNumbers(String text) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                out.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new UserError("--trials: '" + part.strip() + "' is not a trial number (expected numbers separated"
                        + " by commas, e.g. --trials 3,7,12)");
            }
        }
        return out;
    }
}

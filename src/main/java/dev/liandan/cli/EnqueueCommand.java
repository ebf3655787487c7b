package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import dev.liandan.core.UserError;
import dev.liandan.storage.JdbcStorage;
import dev.liandan.storage.Storages;
import dev.liandan.study.Enqueue;
import dev.liandan.study.JoinStudy;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import dev.liandan.study.Trial;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "enqueue", mixinStandardHelpOptions = true,
        description = {"Add configurations to a study, to run before any sampled trial, in the order given "
                + "(warm start). Each becomes a WAITING trial that exactly one worker runs.",
                "Give searched parameters only, all or some: the study's sampler fills in the ones left out, "
                        + "and fixed and derived values follow from the space file. "
                        + "Every value is checked against the space first: one bad value enqueues nothing."},
        footer = {"", "Examples:",
                "  liandan enqueue search-spaces/digits-mlp.yaml --params '{\"base_lr\": 0.003, \"hidden_layers\": 2, "
                        + "\"units\": 128, \"activation\": \"relu\", \"dropout\": 0.1, \"batch_size\": 32, "
                        + "\"optimizer\": \"adam\", \"weight_decay\": 1e-5, \"schedule\": \"cosine\"}'",
                "  liandan enqueue --study digits-mlp --params '{\"units\": 256, \"optimizer\": \"nesterov\"}'   # the sampler fills the rest",
                "  liandan enqueue --study digits-mlp --file configs.jsonl      # one JSON object per line",
                "  liandan enqueue --study digits-mlp-v2 --warm-start-from digits-mlp --top 5",
                "  liandan enqueue --study digits-mlp --storage 'jdbc:postgresql://db:5432/hpo?user=liandan' --file c.jsonl",
                "", "With FILE the study is created if it is new; with --study it must exist."})
final class EnqueueCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "the space file (creates the study if new)")
    Path file;

    @Option(names = "--study", paramLabel = "NAME", description = "an existing study (instead of FILE)")
    String study;

    @Mixin
    ResultsOptions results;

    @Option(names = "--params", paramLabel = "JSON", description = "one configuration as a JSON object (repeatable)")
    List<String> params = new ArrayList<>();

    @Option(names = "--file", paramLabel = "JSONL", description = "configurations, one JSON object per line")
    Path configs;

    @Option(names = "--warm-start-from", paramLabel = "OTHER",
            description = "enqueue the best trials of study OTHER (in the same --storage, else DIR/OTHER/study.db)")
    String warmFrom;

    @Option(names = "--from-storage", paramLabel = "URL", description = "where study OTHER lives, if elsewhere")
    String fromStorage;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5",
            description = "how many of OTHER's best COMPLETE trials (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "with --study: relative data paths of the stored space file start here")
    Path dataRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Minimums.of(spec).atLeast(1, "--top").check();
        if ((file == null) == (study == null)) {
            throw new UserError("enqueue needs either a space FILE or --study NAME (one of the two)");
        }
        if (study != null) {
            dev.liandan.space.SpaceFileParser.checkStudyName(study, "--study");
        }
        if (warmFrom != null) {
            dev.liandan.space.SpaceFileParser.checkStudyName(warmFrom, "--warm-start-from");
        }
        int sources = (params.isEmpty() ? 0 : 1) + (configs == null ? 0 : 1) + (warmFrom == null ? 0 : 1);
        if (sources != 1) {
            throw new UserError("enqueue needs exactly one of --params, --file and --warm-start-from");
        }
        StudySpec fromFile = file == null ? null : SpaceFileParser.parse(file);
        String name = fromFile != null ? fromFile.name() : study;
        List<Enqueue.Config> wanted = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            wanted.add(Enqueue.parseJson(params.get(i), params.size() == 1 ? "--params" : "--params #" + (i + 1)));
        }
        if (configs != null) {
            if (!Files.isRegularFile(configs)) {
                throw new UserError(configs + ": cannot read: no such file");
            }
            wanted.addAll(Enqueue.parseJsonLines(Files.readString(configs, StandardCharsets.UTF_8), configs.toString()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (fromFile == null && results.storage == null && !Files.isRegularFile(results.database(name))) {
            throw new UserError("no study '" + name + "' in " + results.results + ": give its space FILE to create it");
        }
        try (StudyStorage storage = results.open(name)) {
            StudySpec target;
            if (fromFile != null) {
                StudySetup.prepare(storage, fromFile);
                target = fromFile;
            } else {
                target = JoinStudy.spec(storage, name, dataRoot, null);
            }
            if (warmFrom != null) {
                wanted.addAll(warmStart(storage, target, out));
            }
            List<Trial> added = Enqueue.enqueue(storage, target, wanted);
            out.printf("Enqueued %d configuration%s in study '%s' as trial%s %s: WAITING, run first by the next "
                            + "sweep or worker.%n", added.size(), added.size() == 1 ? "" : "s", name,
                    added.size() == 1 ? "" : "s",
                    added.stream().map(t -> Integer.toString(t.number())).collect(Collectors.joining(", ")));
        }
        return 0;
    }

    private List<Enqueue.Config> warmStart(StudyStorage target, StudySpec spec, PrintWriter out) {
        StudyStorage other;
        boolean own = true;
        if (fromStorage != null) {
            other = Storages.open(fromStorage, results.passwordFile);
        } else if (results.storage != null) {
            other = target;
            own = false;
        } else {
            Path db = results.database(warmFrom);
            if (!Files.isRegularFile(db)) {
                throw new UserError("no study '" + warmFrom + "' in " + results.results + " (" + db + " does not exist)");
            }
            other = JdbcStorage.sqlite(db);
        }
        try {
            StudyRecord record = other.findStudy(warmFrom)
                    .orElseThrow(() -> new UserError("no study '" + warmFrom + "' in " + other));
            Enqueue.WarmStart w = Enqueue.fromStudy(warmFrom, other.trials(warmFrom), record.direction(), spec.space(), top);
            for (Enqueue.Skipped s : w.skipped()) {
                out.println("Skipped " + s.origin() + ": " + s.reason());
            }
            if (w.configs().isEmpty()) {
                throw new UserError("study '" + warmFrom + "' has no COMPLETE trial that fits the space of '"
                        + spec.name() + "'");
            }
            return w.configs();
        } finally {
            if (own) {
                other.close();
            }
        }
    }
}

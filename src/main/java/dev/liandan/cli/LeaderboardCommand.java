package dev.liandan.cli;

import dev.liandan.report.Leaderboard;
import dev.liandan.study.ParetoRanking;
import dev.liandan.core.UserError;
import dev.liandan.study.StudyRecord;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Rank a study's finished trials by its objective.",
        footer = {"", "Examples:",
                "  liandan leaderboard --study digits-mlp",
                "  liandan leaderboard --study digits-mlp --format markdown --top 5",
                "  liandan leaderboard --study digits-mlp --format json --all > trials.json",
                "  liandan leaderboard --study digits-mlp --columns val_loss,lr,batch_size,units",
                "", "The JSON format is stable and documented in docs/cli.md (\"format\": \"liandan-leaderboard/1\")."})
final class LeaderboardCommand implements Callable<Integer> {
    @Mixin
    StudyLocation.Named study;

    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT",
            description = "table, markdown, csv or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--top", defaultValue = "0", paramLabel = "K", description = "only the best K trials (default: all)")
    int top;

    @Option(names = "--all", description = "also list pruned, failed and running trials, unranked")
    boolean all;

    @Option(names = "--columns", split = ",", paramLabel = "NAMES",
            description = "only these metric and parameter columns, e.g. val_loss,lr,batch_size (table, markdown, csv; "
                    + "default: every metric and each parameter that varies)")
    List<String> columns;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Leaderboard.Format f = parseFormat(format);
        if (columns != null && f == Leaderboard.Format.JSON) {
            throw new UserError("--columns applies to the table, markdown and csv formats; json holds every column");
        }
        if (top < 0) {
            throw new UserError("--top must be >= 0, got " + top);
        }
        try (StudyStorage storage = study.open()) {
            StudyRecord record = study.record(storage);
            Leaderboard board = Leaderboard.of(record, storage.trials(study.study()), top, all,
                    ParetoRanking.fromAttributes(storage.studyAttributes(study.study())));
            if (columns != null) {
                board = board.withColumns(columns);
            }
            spec.commandLine().getOut().print(board.format(f));
        }
        return 0;
    }

    static Leaderboard.Format parseFormat(String s) {
        for (Leaderboard.Format f : Leaderboard.Format.values()) {
            if (f.name().equalsIgnoreCase(s)) {
                return f;
            }
        }
        throw new UserError("unknown format '" + s + "': expected table, markdown, csv or json");
    }
}

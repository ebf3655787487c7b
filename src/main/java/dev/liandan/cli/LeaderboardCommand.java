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

import java.util.concurrent.Callable;

@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Rank a study's finished trials by its objective.",
        footer = {"", "Examples:",
                "  liandan leaderboard --study digits-mlp",
                "  liandan leaderboard --study digits-mlp --format markdown --top 5",
                "  liandan leaderboard --study digits-mlp --format json --all > trials.json",
                "", "The JSON format is stable and documented in the README (\"format\": \"liandan-leaderboard/1\")."})
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Leaderboard.Format f = parseFormat(format);
        if (top < 0) {
            throw new UserError("--top must be >= 0, got " + top);
        }
        try (StudyStorage storage = study.open()) {
            StudyRecord record = study.record(storage);
            spec.commandLine().getOut().print(Leaderboard.of(record, storage.trials(study.study()), top, all,
                    ParetoRanking.fromAttributes(storage.studyAttributes(study.study()))).format(f));
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

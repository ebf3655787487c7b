package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.space.SpaceFileParser;
import dev.liandan.space.StudySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a space file without running anything: syntax, types, ranges, conditions, "
                + "formulas, the data file and its label column.",
        footer = {"", "Examples:", "  liandan validate search-spaces/digits-mlp.yaml",
                "", "Prints one line and exits 0 when the file is valid; otherwise prints",
                "file:line:column: what was expected, and exits 2."})
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the space file (YAML)")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StudySpec study = SpaceFileParser.parse(file);
        StudySetup.checkSampler(study);
        StudySetup.checkPruner(study);
        spec.commandLine().getOut().printf("%s: ok — study '%s', %d searched parameter(s), sampler %s, %d trial(s), %s %s%n",
                file, study.name(), study.space().searchable().size(), study.search().sampler(),
                study.search().trials(), study.objective().direction().name().toLowerCase(),
                study.objective().metric());
        return 0;
    }
}

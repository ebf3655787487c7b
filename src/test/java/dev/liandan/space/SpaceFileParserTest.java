package dev.liandan.space;

import dev.liandan.core.Direction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpaceFileParserTest {
    /** The real digits data shipped in data/; tests run from the project root. */
    static final Path DIGITS = Path.of("data/digits.csv.gz").toAbsolutePath().normalize();

    /** The example of docs/space-format.md, reading the real digits data by absolute path. */
    static String example() {
        return """
                study: digits-mlp
                data:
                  path: %s
                  label: label
                  validation: 0.2
                  test: 0.2
                  split_seed: 42
                  normalize: standard
                params:
                  base_lr: {float: [1.0e-4, 1.0e-1], log: true}
                model:
                  hidden_layers: {int: [1, 3]}
                  units: {int: [32, 256], log: true}
                  activation: {choice: [relu, tanh]}
                  dropout: {float: [0.0, 0.5], step: 0.1}
                training:
                  epochs: 15
                  batch_size: {choice: [32, 64, 128]}
                  optimizer: {choice: [adam, nesterov]}
                  momentum: {float: [0.8, 0.99], when: {optimizer: nesterov}}
                  lr: "= base_lr * batch_size / 256"
                  schedule: cosine
                objective:
                  metric: val_accuracy
                  direction: maximize
                search:
                  sampler: sobol
                  trials: 12
                  seed: 7
                """.formatted(DIGITS);
    }

    @TempDir
    Path dir;

    @Test
    void fullExampleReadsEverySection() {
        String text = example();
        Path file = SpaceFiles.write(dir, text);
        StudySpec spec = SpaceFileParser.parse(file);

        assertEquals("digits-mlp", spec.name());
        assertEquals(file, spec.source());
        assertEquals(text, spec.sourceText());
        assertEquals(new DataSpec(DIGITS, "label", 0.2, 0.2, 42, DataSpec.Normalization.STANDARD), spec.data());
        assertEquals(new Objective("val_accuracy", Direction.MAXIMIZE), spec.objective());
        assertEquals(new SearchSpec("sobol", 12, 7, new SourceLocation(file.toString(), 27, 12)), spec.search());

        Space space = spec.space();
        String f = file.toString();
        assertEquals(new FloatParam("base_lr", 1e-4, 0.1, true, null, Optional.empty(), new SourceLocation(f, 10, 3)),
                space.get("base_lr").orElseThrow());
        assertEquals(new IntParam("hidden_layers", 1, 3, false, 1, Optional.empty(), new SourceLocation(f, 12, 3)),
                space.get("hidden_layers").orElseThrow());
        assertEquals(new IntParam("units", 32, 256, true, 1, Optional.empty(), new SourceLocation(f, 13, 3)),
                space.get("units").orElseThrow());
        assertEquals(List.of("relu", "tanh"), ((CategoricalParam) space.get("activation").orElseThrow()).choices());
        assertEquals(0.1, ((FloatParam) space.get("dropout").orElseThrow()).step());
        assertEquals(15L, ((FixedParam) space.get("epochs").orElseThrow()).value());
        assertEquals(List.of(32L, 64L, 128L), ((CategoricalParam) space.get("batch_size").orElseThrow()).choices());
        assertEquals(Optional.of(new Condition("optimizer", List.of("nesterov"))),
                space.get("momentum").orElseThrow().condition());
        DerivedParam lr = (DerivedParam) space.get("lr").orElseThrow();
        assertEquals(" base_lr * batch_size / 256", lr.expression().text());
        assertEquals(new SourceLocation(f, 21, 3), lr.location());
        assertEquals("cosine", ((FixedParam) space.get("schedule").orElseThrow()).value());
    }

    @Test
    void settingsLeftOutTakeTheirDefaultsWithoutLocation() {
        Space space = SpaceFiles.parse(dir, example()).space();
        // every setting is in the space, given or not, and nothing else but the free parameters
        assertEquals(SettingCatalogue.installed().settings().size() + 1, space.params().size());
        FixedParam weightInit = (FixedParam) space.get("weight_init").orElseThrow();
        assertEquals(new FixedParam("weight_init", "auto", Optional.empty(), null), weightInit);
        assertEquals(0.0, ((FixedParam) space.get("weight_decay").orElseThrow()).value());
        assertEquals(0L, ((FixedParam) space.get("patience").orElseThrow()).value());
    }

    @Test
    void minimalFileGetsEveryDefault() {
        StudySpec spec = SpaceFiles.parse(dir, SpaceFiles.BASE);
        assertEquals(new DataSpec(dir.resolve("tiny.csv").toAbsolutePath().normalize(), "label", 0.2, 0.2, 0,
                DataSpec.Normalization.STANDARD), spec.data());
        assertEquals(new SearchSpec("auto", 20, 0, new SourceLocation(dir.resolve("space.yaml").toString(), 1, 1)),
                spec.search());
        assertEquals(SettingCatalogue.installed().settings().size(), spec.space().params().size());
        for (Setting s : SettingCatalogue.installed().settings()) {
            FixedParam p = (FixedParam) spec.space().get(s.name()).orElseThrow();
            assertEquals(s.defaultValue(), p.value(), s.name());
            assertNull(p.location());
        }
        // defaults keep the settings' own order, model first
        assertEquals(SettingCatalogue.installed().settings().stream().map(Setting::name).toList(),
                spec.space().params().stream().map(Param::name).toList());
    }

    @Test
    void directionDefaultsFollowTheMetric() {
        assertEquals(Direction.MAXIMIZE, SpaceFiles.parse(dir, SpaceFiles.BASE).objective().direction());
        String loss = SpaceFiles.BASE.replace("val_accuracy", "val_loss");
        assertEquals(Direction.MINIMIZE, SpaceFiles.parse(dir, loss).objective().direction());
        assertEquals(Direction.MAXIMIZE,
                SpaceFiles.parse(dir, loss + "  direction: maximize\n").objective().direction());
    }

    @Test
    void relativeDataPathStartsAtTheSpaceFilesFolder() throws IOException {
        Path spaces = Files.createDirectories(dir.resolve("spaces"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/rows.csv"), "a,b,y\n1,2,3\n4,5,6\n");
        Path file = spaces.resolve("s.yaml");
        Files.writeString(file, SpaceFiles.BASE.replace("tiny.csv", "../data/./rows.csv").replace("label: label", "label: y"));
        DataSpec data = SpaceFileParser.parse(file).data();
        assertEquals(dir.resolve("data/rows.csv").toAbsolutePath().normalize(), data.path());
        assertTrue(data.path().isAbsolute());
        assertFalse(data.path().toString().contains(".."));
    }

    @Test
    void gzippedRealDataIsFoundRelativeToTheFile() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.copy(DIGITS, data.resolve("digits.csv.gz"));
        Path spaces = Files.createDirectories(dir.resolve("search-spaces"));
        Path file = spaces.resolve("d.yaml");
        Files.writeString(file, SpaceFiles.BASE.replace("tiny.csv", "../data/digits.csv.gz"));
        assertEquals(data.resolve("digits.csv.gz").toAbsolutePath().normalize(), SpaceFileParser.parse(file).data().path());
    }

    @Test
    void parsingTheSameTextTwiceGivesEqualStudies() {
        Path file = SpaceFiles.write(dir, example());
        StudySpec a = SpaceFileParser.parse(file);
        StudySpec b = SpaceFileParser.parse(example(), file);
        assertNotSame(a, b);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void storedTextIsReparsedWithoutReadingTheSpaceFile() throws IOException {
        // the space file itself need not exist: only its folder matters, for the data path
        Files.writeString(dir.resolve("tiny.csv"), SpaceFiles.TINY_CSV);
        Path gone = dir.resolve("not-written.yaml");
        StudySpec spec = SpaceFileParser.parse(SpaceFiles.BASE, gone);
        assertEquals("t", spec.name());
        assertEquals(SpaceFiles.BASE, spec.sourceText());
        assertEquals(gone, spec.source());
    }

    @Test
    void paramsAreInDependencyOrderAndOtherwiseInFileOrder() {
        Space space = SpaceFiles.parse(dir, SpaceFiles.BASE + """
                params:
                  scale: "= base * 2"
                  base: {float: [1, 2]}
                  other: 3
                training:
                  lr: "= scale * batch_size / 256"
                  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}
                  batch_size: {choice: [32, 64]}
                  optimizer: {choice: [adam, nesterov]}
                """).space();
        List<String> names = space.params().stream().map(Param::name).toList();
        // base moves before scale; other keeps its place after them; model defaults come next;
        // lr waits for batch_size and momentum for optimizer
        // (settings added later follow in catalogue order)
        List<String> expected = new java.util.ArrayList<>(List.of("base", "scale", "other"));
        expected.addAll(SettingCatalogue.installed().names("model"));
        expected.addAll(List.of("batch_size", "lr", "optimizer", "momentum", "epochs", "weight_decay", "schedule",
                "warmup_epochs", "step_epochs", "step_gamma", "patience"));
        SettingCatalogue.installed().names("training").stream().filter(n -> !expected.contains(n)).forEach(expected::add);
        assertEquals(expected, names);
        Map<String, Object> values = space.assign(p -> p.fromUnit(1.0));
        assertEquals(2.0 * 2 * 64 / 256, (Double) values.get("lr"), 1e-12);
        assertEquals(0.9, (Double) values.get("momentum"), 1e-12);
    }

    @Test
    void floatSettingsGetDoublesAndNumbersWrittenAsTextAreNumbers() {
        Space space = SpaceFiles.parse(dir, SpaceFiles.BASE + """
                training:
                  momentum: 1e-1
                  lr: "3e-4"
                  weight_decay: {choice: [0, "1e-5", 1.0e-4]}
                  epochs: "12"
                """).space();
        assertEquals(0.1, ((FixedParam) space.get("momentum").orElseThrow()).value());
        assertEquals(3e-4, ((FixedParam) space.get("lr").orElseThrow()).value());
        assertEquals(List.of(0.0, 1e-5, 1e-4), ((CategoricalParam) space.get("weight_decay").orElseThrow()).choices());
        assertEquals(12L, ((FixedParam) space.get("epochs").orElseThrow()).value());
    }

    @Test
    void specFormsFixedAndFormulaTakeConditions() {
        Space space = SpaceFiles.parse(dir, SpaceFiles.BASE + """
                params:
                  k: {choice: [1, 2]}
                training:
                  optimizer: {choice: [sgd, nesterov]}
                  momentum: {fixed: 0.95, when: {optimizer: nesterov}}
                  weight_decay: {formula: "k * 1e-4", when: {optimizer: [sgd]}}
                  step_gamma: {formula: "= k / 10"}
                """).space();
        Param momentum = space.get("momentum").orElseThrow();
        assertEquals(new FixedParam("momentum", 0.95, Optional.of(new Condition("optimizer", List.of("nesterov"))),
                momentum.location()), momentum);
        DerivedParam wd = (DerivedParam) space.get("weight_decay").orElseThrow();
        assertEquals("k * 1e-4", wd.expression().text());
        assertEquals(Optional.of(new Condition("optimizer", List.of("sgd"))), wd.condition());
        assertEquals(" k / 10", ((DerivedParam) space.get("step_gamma").orElseThrow()).expression().text());

        Map<String, Object> sgd = space.resolve(Map.of("k", 2L, "optimizer", "sgd"));
        assertEquals(2e-4, (Double) sgd.get("weight_decay"), 1e-15);
        assertFalse(sgd.containsKey("momentum"));
        Map<String, Object> nesterov = space.resolve(Map.of("k", 1L, "optimizer", "nesterov"));
        assertEquals(0.95, nesterov.get("momentum"));
        assertFalse(nesterov.containsKey("weight_decay"));
    }

    @Test
    void conditionalFormulaMayReadAParameterItsConditionImplies() {
        // momentum is set whenever optimizer is nesterov, and so is the formula reading it
        Space space = SpaceFiles.parse(dir, SpaceFiles.BASE + """
                training:
                  optimizer: {choice: [adam, nesterov]}
                  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}
                  weight_decay: {formula: "(1 - momentum) / 100", when: {optimizer: nesterov}}
                """).space();
        Map<String, Object> v = space.resolve(Map.of("optimizer", "nesterov", "momentum", 0.9));
        assertEquals(0.001, (Double) v.get("weight_decay"), 1e-12);
    }

    @Test
    void formulaMayReadAConditionalParameterWhoseParentIsFixedToTheRightValue() {
        Space space = SpaceFiles.parse(dir, SpaceFiles.BASE + """
                training:
                  optimizer: nesterov
                  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}
                  weight_decay: "= (1 - momentum) / 100"
                """).space();
        assertEquals(0.002, (Double) space.resolve(Map.of("momentum", 0.8)).get("weight_decay"), 1e-12);
    }

    @Test
    void choicesMayMixTypesInParams() {
        CategoricalParam c = (CategoricalParam) SpaceFiles.parse(dir, SpaceFiles.BASE + """
                params:
                  mixed: {choice: [a, 2, 2.5, true, "3"]}
                """).space().get("mixed").orElseThrow();
        assertEquals(List.of("a", 2L, 2.5, true, "3"), c.choices());
    }

    @Test
    void yamlOneOneBooleansUnlessQuoted() {
        CategoricalParam c = (CategoricalParam) SpaceFiles.parse(dir, SpaceFiles.BASE + """
                params:
                  flag: {choice: [yes, Off, "on", 'no']}
                """).space().get("flag").orElseThrow();
        assertEquals(List.of(true, false, "on", "no"), c.choices());
    }

    @Test
    void emptyOptionalSectionsAreAllowed() {
        StudySpec spec = SpaceFiles.parse(dir, SpaceFiles.BASE + "params:\nmodel:\ntraining:\nsearch:\n");
        assertEquals(SettingCatalogue.installed().settings().size(), spec.space().params().size());
        assertEquals("auto", spec.search().sampler());
    }

    @Test
    void byteOrderMarkAndWindowsLineEndsAreRead() {
        String text = "\uFEFF" + SpaceFiles.BASE.replace("\n", "\r\n") + "training:\r\n  epochs: x\r\n";
        SpaceError e = assertThrows(SpaceError.class, () -> SpaceFiles.parse(dir, text));
        assertEquals(8, e.location().line());
        assertEquals(11, e.location().column());
    }

    @Test
    void assignedConfigurationsStayInsideTheSettingsRanges() {
        Space space = SpaceFiles.parse(dir, example()).space();
        Map<String, Setting> settings = new HashMap<>();
        SettingCatalogue.installed().settings().forEach(s -> settings.put(s.name(), s));
        for (double u : new double[] {0, 0.25, 0.5, 0.75, 1}) {
            Map<String, Object> values = space.assign(p -> p.fromUnit(u));
            for (Map.Entry<String, Object> e : values.entrySet()) {
                Setting s = settings.get(e.getKey());
                if (s != null && !(space.get(e.getKey()).orElseThrow() instanceof DerivedParam)) {
                    assertNull(s.problem(e.getValue()), e.getKey() + " = " + e.getValue());
                }
            }
            assertInstanceOf(Double.class, values.get("lr"));
        }
    }
}

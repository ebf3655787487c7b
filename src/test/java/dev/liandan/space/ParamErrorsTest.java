package dev.liandan.space;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static dev.liandan.space.SpaceFiles.BASE;
import static dev.liandan.space.SpaceFiles.error;

/**
 * One test per mistake in the params, model and training sections and across parameters
 * (conditions, formulas, cycles). BASE fills lines 1-6; the section key is line 7 and the first
 * parameter line 8, with its key at column 3.
 */
class ParamErrorsTest {
    @TempDir
    Path dir;

    private void training(String lines, int line, int column, String part) {
        error(dir, BASE + "training:\n" + lines, line, column, part);
    }

    private void model(String lines, int line, int column, String part) {
        error(dir, BASE + "model:\n" + lines, line, column, part);
    }

    private void params(String lines, int line, int column, String part) {
        error(dir, BASE + "params:\n" + lines, line, column, part);
    }

    // ---- names

    @Test
    void unknownTrainingKeyListsTheSettings() {
        // the list is every training setting, in catalogue order
        training("  epoch: 3\n", 8, 3, "unknown key 'epoch' in training: expected one of epochs, batch_size, optimizer,"
                + " momentum, lr, weight_decay, schedule, warmup_epochs, step_epochs, step_gamma, patience"
                + (SettingCatalogue.installed().names("training").size() > 11
                        ? ", " + String.join(", ", SettingCatalogue.installed().names("training").subList(11, SettingCatalogue.installed().names("training").size()))
                        : "")
                + " (did you mean 'epochs'?)");
    }

    @Test
    void modelKeyUnderTrainingSaysWhereItBelongs() {
        training("  units: 3\n", 8, 3, "(units belongs under model)");
    }

    @Test
    void unknownModelKeyPointsFreeParametersToParams() {
        model("  base_lr: 0.1\n", 8, 3, "unknown key 'base_lr' in model: expected one of type, hidden_layers, units,"
                + " activation, weight_init, dropout"
                + (SettingCatalogue.installed().names("model").size() > 6
                        ? ", " + String.join(", ", SettingCatalogue.installed().names("model").subList(6, SettingCatalogue.installed().names("model").size()))
                        : "")
                + "; free parameters for formulas go under params");
    }

    @Test
    void freeParameterNameMustBeAFormulaName() {
        params("  base-lr: 0.1\n", 8, 3, "'base-lr' is not a valid parameter name");
    }

    @Test
    void settingNameUnderParams() {
        params("  lr: 0.1\n", 8, 3, "'lr' is a training setting: give it under training:, not params:");
    }

    @Test
    void sameNameInParamsAndTrainingIsReportedAtTheSecond() {
        params("  lr: 0.1\ntraining:\n  lr: 0.2\n", 10, 3, "'lr' is defined twice, in params and in training (first at line 8)");
    }

    @Test
    void sameNameWhenTrainingComesFirstInTheFile() {
        training("  lr: 0.2\nparams:\n  lr: 0.1\n", 10, 3, "'lr' is defined twice");
    }

    @Test
    void sectionMustBeAMapping() {
        error(dir, BASE + "training: [epochs]\n", 7, 11, "training: expected a mapping");
    }

    // ---- value forms

    @Test
    void emptyValue() {
        training("  epochs:\n", 8, 10, "training.epochs: expected a value, a spec such as {float: [low, high]} or a"
                + " formula \"= ...\", got nothing");
    }

    @Test
    void bareListIsNotAChoice() {
        training("  epochs: [1, 2]\n", 8, 11, "a list is not a value here: write {choice: [a, b, ...]}");
    }

    @Test
    void specWithoutKind() {
        training("  epochs: {log: true}\n", 8, 3, "expected one of float, int, choice, fixed or formula");
    }

    @Test
    void specWithTwoKinds() {
        training("  epochs: {int: [1, 2], choice: [3]}\n", 8, 25, "'int' and 'choice' exclude each other");
    }

    @Test
    void unknownSpecKey() {
        training("  epochs: {int: [1, 2], lg: true}\n", 8, 25, "unknown key 'lg' in the spec of training.epochs:"
                + " expected one of float, int, choice, fixed, formula, log, step, when (did you mean 'log'?)");
    }

    @Test
    void logOnAChoice() {
        training("  optimizer: {choice: [adam, sgd], log: true}\n", 8, 36, "log applies only to float and int, not to choice");
    }

    @Test
    void logMustBeABoolean() {
        params("  x: {float: [1, 2], log: maybe}\n", 8, 27, "params.x.log: expected true or false, got 'maybe'");
    }

    @Test
    void fixedMustBeOneValue() {
        params("  x: {fixed: [1, 2]}\n", 8, 14, "params.x.fixed: expected a single value, got a list");
    }

    @Test
    void formulaKeyNeedsText() {
        params("  x: {formula: 3}\n", 8, 16, "params.x.formula: expected a formula");
    }

    // ---- ranges

    @Test
    void floatLowAboveHigh() {
        params("  x: {float: [2.0, 1.0]}\n", 8, 14, "params.x: low 2.0 > high 1.0");
    }

    @Test
    void intLowAboveHigh() {
        training("  epochs: {int: [5, 1]}\n", 8, 17, "training.epochs: low 5 > high 1");
    }

    @Test
    void logWithLowNotAboveZero() {
        params("  x: {float: [0, 1], log: true}\n", 8, 15, "params.x: log scale needs low > 0, got 0.0");
    }

    @Test
    void intLogWithNegativeLow() {
        params("  n: {int: [-1, 8], log: true}\n", 8, 13, "params.n: log scale needs low > 0, got -1");
    }

    @Test
    void stepNotAboveZero() {
        model("  dropout: {float: [0, 0.5], step: 0}\n", 8, 36, "model.dropout.step: expected a number > 0, got '0'");
    }

    @Test
    void intStepNotAboveZero() {
        training("  epochs: {int: [1, 9], step: -2}\n", 8, 31, "training.epochs.step: expected a number > 0, got '-2'");
    }

    @Test
    void stepWithLog() {
        params("  x: {float: [0.1, 1], log: true, step: 0.1}\n", 8, 41, "step and log exclude each other");
    }

    @Test
    void rangeOfThreeValues() {
        training("  epochs: {int: [1, 2, 3]}\n", 8, 17, "training.epochs.int: expected [low, high], got 3 value(s)");
    }

    @Test
    void rangeThatIsNotAList() {
        training("  epochs: {int: 5}\n", 8, 17, "training.epochs.int: expected a list [a, b, ...], got '5'");
    }

    @Test
    void floatBoundThatIsNotANumber() {
        params("  x: {float: [a, 1]}\n", 8, 15, "params.x low bound: expected a number, got 'a'");
    }

    @Test
    void intBoundThatIsNotAnInteger() {
        training("  epochs: {int: [1.5, 3]}\n", 8, 18, "training.epochs low bound: expected an integer, got '1.5'");
    }

    @Test
    void intBoundBeyondExactDoubles() {
        params("  n: {int: [0, 9007199254740993]}\n", 8, 16, "params.n: expected an integer bound within ±9007199254740992 (2^53)");
    }

    @Test
    void floatRangeTooWideToSample() {
        params("  x: {float: [-1.0e308, 1.0e308]}\n", 8, 14, "params.x: the range is too wide to sample");
    }

    @Test
    void floatStepMakingTooManyGridPoints() {
        params("  x: {float: [0, 1], step: 1.0e-12}\n", 8, 28, "params.x.step: 1.0e-12 makes more than 1000000000 grid points");
    }

    // ---- choices

    @Test
    void emptyChoiceList() {
        training("  optimizer: {choice: []}\n", 8, 23, "training.optimizer.choice: expected at least one value, got an empty list");
    }

    @Test
    void choiceListedTwice() {
        training("  batch_size: {choice: [32, 64, 32]}\n", 8, 33, "training.batch_size.choice: 32 is listed twice");
    }

    @Test
    void nestedListInChoice() {
        params("  x: {choice: [[1, 2], 3]}\n", 8, 16, "params.x.choice: expected a single value, got a list");
    }

    // ---- values against the settings

    @Test
    void choiceOutsideTheSettingsWords() {
        model("  activation: {choice: [relu, foo]}\n", 8, 31,
                "model.activation: expected one of relu, leakyrelu, elu, gelu, swish, tanh, sigmoid, got 'foo'");
    }

    @Test
    void floatRangeForAnIntegerSetting() {
        training("  epochs: {float: [1, 5]}\n", 8, 12, "epochs is an integer setting: use int: [low, high]");
    }

    @Test
    void intRangeForAFloatSetting() {
        training("  lr: {int: [1, 5]}\n", 8, 8, "lr is a float setting: use float: [low, high]");
    }

    @Test
    void rangeForAWordSetting() {
        model("  activation: {float: [0, 1]}\n", 8, 16, "activation takes one of relu, leakyrelu");
    }

    @Test
    void fractionForAnIntegerSetting() {
        training("  epochs: 2.5\n", 8, 11, "training.epochs: expected an integer, got '2.5'");
    }

    @Test
    void wordForANumberSetting() {
        training("  lr: fast\n", 8, 7, "training.lr: expected a number, got 'fast'");
    }

    @Test
    void literalBelowTheSettingsMinimum() {
        training("  lr: -1\n", 8, 7, "training.lr: expected a value >= 0.0, got '-1'");
    }

    @Test
    void negativeReinitIsRefusedWhereItStands() {
        model("  reinit: -1\n", 8, 11, "model.reinit: expected a value >= 0, got '-1'");
    }

    @Test
    void floatBoundAboveTheSettingsMaximum() {
        model("  dropout: {float: [0.0, 1.0]}\n", 8, 26, "model.dropout: expected a value < 1.0, got '1.0'");
    }

    @Test
    void intBoundAboveTheSettingsMaximum() {
        model("  hidden_layers: {int: [0, 20]}\n", 8, 28, "model.hidden_layers: expected a value <= 16, got '20'");
    }

    @Test
    void integerChoiceForAnIntegerSettingMustBeWhole() {
        training("  batch_size: {choice: [32, 64.5]}\n", 8, 29, "training.batch_size: expected an integer, got '64.5'");
    }

    @Test
    void formulaForAWordSetting() {
        model("  activation: \"= 1\"\n", 8, 15, "a formula gives a number, but activation takes one of relu");
    }

    // ---- when

    @Test
    void whenNamesAnUnknownParameter() {
        training("  momentum: {float: [0.8, 0.9], when: {optimiser: nesterov}}\n", 8, 40,
                "training.momentum.when: unknown parameter 'optimiser' (did you mean 'optimizer'?)");
    }

    @Test
    void whenValueIsNotAChoiceOfItsParent() {
        training("  optimizer: {choice: [adam, nesterov]}\n  momentum: {float: [0.8, 0.9], when: {optimizer: nestrov}}\n",
                9, 51, "momentum.when: optimizer never takes 'nestrov': expected one of its choices adam, nesterov");
    }

    @Test
    void whenValueNeverTakenByAFixedParent() {
        training("  optimizer: adam\n  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}\n", 9, 51,
                "optimizer never takes 'nesterov': it is fixed to adam");
    }

    @Test
    void whenValueNeverTakenByADefaultParent() {
        training("  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}\n", 8, 51,
                "optimizer never takes 'nesterov': it is fixed to adam (its default)");
    }

    @Test
    void whenValueOutsideANumericParentsRange() {
        training("  batch_size: {int: [16, 64]}\n  lr: {fixed: 0.1, when: {batch_size: 128}}\n", 9, 39,
                "batch_size never takes '128': expected an integer in its range [16, 64]");
    }

    @Test
    void oneImpossibleValueInAListIsReported() {
        training("  optimizer: {choice: [sgd, nesterov]}\n  lr: {fixed: 0.1, when: {optimizer: [sgd, adamw]}}\n", 9, 44,
                "optimizer never takes 'adamw'");
    }

    @Test
    void whenWithTwoParents() {
        training("  lr: {fixed: 0.1, when: {optimizer: sgd, epochs: 3}}\n", 8, 26,
                "training.lr.when: expected exactly one parameter");
    }

    @Test
    void whenWithAnEmptyList() {
        training("  lr: {fixed: 0.1, when: {optimizer: []}}\n", 8, 38, "expected at least one value of optimizer");
    }

    @Test
    void whenThatIsNotAMapping() {
        training("  lr: {fixed: 0.1, when: optimizer}\n", 8, 26, "training.lr.when: expected a mapping");
    }

    // ---- formulas

    @Test
    void formulaReadsAnUnknownName() {
        error(dir, BASE + "params:\n  base_lr: 0.1\ntraining:\n  lr: \"= base_lrr * batch_size / 256\"\n", 10, 10,
                "training.lr: the formula reads unknown parameter 'base_lrr' (did you mean 'base_lr'?)");
    }

    @Test
    void formulaSyntaxErrorInAQuotedString() {
        training("  lr: \"= 0.1 * * 2\"\n", 8, 16, "unexpected '*': expected a number, a name or '('");
    }

    @Test
    void formulaSyntaxErrorInAPlainScalar() {
        training("  lr: = 0.1 * )\n", 8, 15, "unexpected ')'");
    }

    @Test
    void formulaSyntaxErrorUnderTheFormulaKey() {
        training("  lr: {formula: 'max(1)'}\n", 8, 18, "max takes 2 argument(s), got 1");
    }

    @Test
    void formulaReadsAWord() {
        training("  lr: \"= 0.1 * optimizer\"\n", 8, 16, "training.lr: the formula reads 'optimizer', whose values are not all numbers");
    }

    @Test
    void formulaReadsAParameterThatMayBeUnset() {
        training("  optimizer: {choice: [adam, nesterov]}\n"
                        + "  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}\n"
                        + "  lr: \"= momentum / 10\"\n", 10, 10,
                "training.lr: the formula reads 'momentum', which has no value unless optimizer is nesterov");
    }

    @Test
    void formulaWithAWiderConditionThanWhatItReads() {
        training("  optimizer: {choice: [sgd, adam, nesterov]}\n"
                        + "  momentum: {float: [0.8, 0.9], when: {optimizer: nesterov}}\n"
                        + "  lr: {formula: momentum / 10, when: {optimizer: [sgd, nesterov]}}\n", 10, 17,
                "reads 'momentum', which has no value unless optimizer is nesterov");
    }

    // ---- cycles

    @Test
    void formulasReadingEachOther() {
        params("  a: \"= b + 1\"\n  b: \"= a * 2\"\n", 8, 3, "derived parameters form a cycle: a -> b -> a");
    }

    @Test
    void cycleIsNamedFromItsMemberEarliestInTheFile() {
        params("  c: \"= a\"\n  a: \"= b\"\n  b: \"= c\"\n", 8, 3, "derived parameters form a cycle: c -> a -> b -> c");
    }

    @Test
    void formulaReadingItself() {
        params("  a: \"= a + 1\"\n", 8, 3, "derived parameters form a cycle: a -> a");
    }

    @Test
    void conditionsNamingEachOther() {
        params("  a: {choice: [1, 2], when: {b: 1}}\n  b: {choice: [1, 2], when: {a: 1}}\n", 8, 3,
                "derived parameters form a cycle: a -> b -> a");
    }

    @Test
    void cycleThroughAFormulaAndACondition() {
        params("  a: {formula: b * 2, when: {k: 1}}\n  k: {choice: [1, 2]}\n  b: {choice: [1, 2], when: {a: 2}}\n", 8, 3,
                "derived parameters form a cycle: a -> b -> a");
    }
}

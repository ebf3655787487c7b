package dev.liandan.space;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dl4j trial's configuration keeps the settings its model, optimizer, schedule and loss use. */
class ActiveSettingsTest {
    private static Map<String, Object> defaults() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("base_lr", 0.01); // a free parameter of the params: section
        SettingCatalogue.installed().settings().forEach(s -> config.put(s.name(), s.defaultValue()));
        return config;
    }

    @Test
    void anMlpWithTheDefaultsUsesNoneOfTheCnnRnnOrScheduleSettings() {
        Map<String, Object> active = ActiveSettings.of(defaults());
        for (String used : new String[]{"base_lr", "type", "hidden_layers", "units", "dropout", "lr", "epochs",
                "optimizer", "schedule", "weight_decay", "precision", "patience"}) {
            assertTrue(active.containsKey(used), used);
        }
        for (String unused : new String[]{"conv_layers", "filters", "augment_shift", "hidden_size", "momentum",
                "step_gamma", "warmup_epochs", "cycle_epochs", "lr_reference_batch", "focal_gamma", "freeze"}) {
            assertFalse(active.containsKey(unused), unused);
        }
        assertEquals(defaults().keySet().stream().filter(active::containsKey).toList(), active.keySet().stream().toList(),
                "in the configuration's order");
    }

    @Test
    void eachChoiceBringsItsOwnSettings() {
        Map<String, Object> config = defaults();
        config.put("type", "cnn");
        config.put("optimizer", "nesterov");
        config.put("schedule", "step");
        config.put("loss", "focal");
        config.put("pretrained", "model.zip");
        Map<String, Object> active = ActiveSettings.of(config);
        for (String used : new String[]{"conv_layers", "dense_dropout", "augment_flip", "hidden_layers", "momentum",
                "step_epochs", "step_gamma", "focal_gamma", "freeze", "reinit"}) {
            assertTrue(active.containsKey(used), used);
        }
        assertFalse(active.containsKey("dropout"), "a cnn has conv_dropout and dense_dropout instead");

        config.put("type", "rnn");
        config.put("schedule", "cosine");
        active = ActiveSettings.of(config);
        assertTrue(active.containsKey("hidden_size") && active.containsKey("warmup_epochs"));
        assertFalse(active.containsKey("units") || active.containsKey("conv_layers") || active.containsKey("step_gamma"));
    }

    @Test
    void aParameterLeftOutByItsConditionChangesNothingElse() {
        Map<String, Object> config = defaults();
        config.remove("momentum"); // `when: {optimizer: nesterov}` and the trial chose adam
        Map<String, Object> active = ActiveSettings.of(config);
        assertTrue(active.containsKey("units"));
        assertFalse(active.containsKey("conv_layers") || active.containsKey("momentum"));
    }

    @Test
    void aCommandStudyIsToldByItsTrialSection() {
        assertTrue(ActiveSettings.isCommandStudy("study: quad\nparams:\n  lr: 0.1\ntrial:\n  command: [python3, t.py]\n"));
        assertFalse(ActiveSettings.isCommandStudy("study: digits\nmodel:\n  units: 8\n# trial: a comment\n"));
        assertFalse(ActiveSettings.isCommandStudy(null));
    }
}

package dev.liandan.train.config;

import dev.liandan.core.UserError;
import dev.liandan.space.Setting;
import dev.liandan.space.SettingCatalogue;
import dev.liandan.train.TrialConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Dl4jSettingsTest {

    /** The catalogue's order before its settings were grouped: stored params and messages follow it. */
    private static final List<String> FIRST_ORDER = List.of("type", "hidden_layers", "units", "activation",
            "weight_init", "dropout", "highway", "conv_layers", "filters", "kernel_size", "conv_dropout",
            "dense_dropout", "image_height", "image_width", "channels", "sequence_length", "embedding_size",
            "hidden_size", "rnn_layers", "rnn_input_dropout", "rnn_output_dropout", "pretrained", "freeze", "reinit",
            "epochs", "batch_size", "optimizer", "momentum", "lr", "weight_decay", "schedule", "warmup_epochs",
            "step_epochs", "step_gamma", "patience", "exp_gamma", "cycle_epochs", "min_lr_factor",
            "onecycle_pct_start", "lr_scaling", "lr_reference_batch", "loss", "huber_delta", "label_smoothing",
            "focal_gamma", "features_lr_multiplier", "lr_decay_per_layer", "precision", "augment_shift",
            "augment_flip", "prefetch");

    @Test
    void theCatalogueIsThePartsSettingsByPlaceWithNoNameOrPlaceTwice() {
        List<Placed> placed = Dl4jSettings.PARTS.stream().flatMap(p -> p.settings().stream()).toList();
        List<Integer> places = placed.stream().map(Placed::place).sorted().toList();
        assertEquals(IntStream.range(0, placed.size()).boxed().toList(), places, "places are 0, 1, 2, ... once each");
        assertEquals(placed.size(), new HashSet<>(placed.stream().map(p -> p.setting().name()).toList()).size(),
                "a name belongs to one part");
        List<Setting> byPlace = new ArrayList<>(placed.stream().map(Placed::setting).toList());
        byPlace.sort(java.util.Comparator.comparingInt(s -> placeOf(placed, s)));
        assertEquals(byPlace, Dl4jSettings.ALL);
        // model settings come first, as the space file's sections do
        assertEquals(Dl4jSettings.ALL.stream().map(Setting::section).sorted().toList(),
                Dl4jSettings.ALL.stream().map(Setting::section).toList());
    }

    @Test
    void settingsKeepTheirOrderAndTheSpaceFindsTheCatalogue() {
        assertEquals(FIRST_ORDER, Dl4jSettings.ALL.subList(0, FIRST_ORDER.size()).stream().map(Setting::name).toList());
        assertSame(Dl4jSettings.class, SettingCatalogue.installed().getClass());
        assertEquals(Dl4jSettings.ALL, SettingCatalogue.installed().settings());
    }

    /** Changing one setting changes the one record that owns it, and no other. */
    @Test
    void eachSettingIsReadByTheRecordThatOwnsIt() throws ReflectiveOperationException {
        TrialConfig defaults = TrialConfig.from(TrialConfig.defaults());
        for (Setting s : Dl4jSettings.ALL) {
            Map<String, Object> params = new HashMap<>(TrialConfig.defaults());
            params.put(s.name(), otherLegalValue(s));
            TrialConfig changed = TrialConfig.from(params);
            List<RecordComponent> differing = new ArrayList<>();
            for (RecordComponent c : TrialConfig.class.getRecordComponents()) {
                if (!c.getAccessor().invoke(defaults).equals(c.getAccessor().invoke(changed))) {
                    differing.add(c);
                }
            }
            assertEquals(1, differing.size(), s.name() + " changes " + differing);
            Part owner = (Part) differing.get(0).getType().getDeclaredField("PART").get(null);
            assertTrue(owner.owns(s.name()), s.name() + " is read by " + differing.get(0).getName());
        }
    }

    @Test
    void aValueOutsideItsRangeIsRefusedWithTheSettingsName() {
        Map<String, Object> params = new HashMap<>(TrialConfig.defaults());
        params.put("units", 0L);
        UserError e = assertThrows(UserError.class, () -> TrialConfig.from(params));
        assertEquals("setting 'units' = 0: expected a value >= 1", e.getMessage());
        params.put("units", 2.0);
        assertEquals(2, TrialConfig.from(params).model().units(), "a whole double is an integer");
        params.put("precision", "bf16");
        e = assertThrows(UserError.class, () -> TrialConfig.from(params));
        assertTrue(e.getMessage().startsWith("setting 'precision' = bf16: bf16 is not supported"), e.getMessage());
    }

    @Test
    void whichSettingsAConfigurationUsesIsAskedOfTheirParts() {
        Map<String, Object> config = new HashMap<>(TrialConfig.defaults());
        Dl4jSettings catalogue = new Dl4jSettings();
        assertTrue(catalogue.applies("units", config));
        assertEquals(false, catalogue.applies("filters", config));
        assertEquals(false, catalogue.applies("augment_flip", config));
        config.put("type", "cnn");
        assertTrue(catalogue.applies("filters", config));
        assertTrue(catalogue.applies("augment_flip", config));
        assertEquals(false, catalogue.applies("dropout", config));
        assertEquals(false, catalogue.applies("momentum", config));
        config.put("optimizer", "nesterov");
        assertTrue(catalogue.applies("momentum", config));
    }

    private static int placeOf(List<Placed> placed, Setting s) {
        return placed.stream().filter(p -> p.setting() == s).findFirst().orElseThrow().place();
    }

    private static Object otherLegalValue(Setting s) {
        Object d = s.defaultValue();
        Object v = switch (s.kind()) {
            case BOOL -> !(Boolean) d;
            case STRING -> s.choices().isEmpty() ? d + "x.zip"
                    : s.choices().stream().filter(c -> !c.equals(d)).findFirst().orElseThrow();
            case INT -> s.problem((Long) d + 1) == null ? (Long) d + 1 : (Long) d - 1;
            case FLOAT -> {
                double x = (Double) d;
                double up = s.max() == null ? x + 1 : (x + s.max()) / 2;
                yield up != x ? up : (x + s.min()) / 2;
            }
        };
        assertNotEquals(d, v, s.name());
        assertEquals(null, s.problem(v), s.name() + " = " + v);
        return v;
    }
}

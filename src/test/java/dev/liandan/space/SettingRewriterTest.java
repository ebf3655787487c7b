package dev.liandan.space;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingRewriterTest {

    private static final String V = "{float: [0.001, 0.03], log: true}";

    @Test
    void replacesAnInlineValueAndKeepsTheRest() {
        String text = "# top\ntraining:\n  epochs: 3   # three\n  lr: 0.1   # old\n  batch_size: 8\nobjective: x\n";
        assertEquals("# top\ntraining:\n  epochs: 3   # three\n  lr: " + V + "\n  batch_size: 8\nobjective: x\n",
                SettingRewriter.replace(text, "f.yaml", "training", "lr", V));
    }

    @Test
    void replacesABlockValueSpanningLines() {
        String text = "training:\n  lr:\n    float: [0.1, 1]\n\n    log: true\n  epochs: 3\n";
        assertEquals("training:\n  lr: " + V + "\n  epochs: 3\n",
                SettingRewriter.replace(text, "f.yaml", "training", "lr", V));
    }

    @Test
    void addsAMissingKeyOrSection() {
        assertEquals("training:\n  lr: " + V + "\n  epochs: 3\n",
                SettingRewriter.replace("training:\n  epochs: 3\n", "f.yaml", "training", "lr", V));
        assertEquals("study: s\ntraining:\n  lr: " + V + "\n",
                SettingRewriter.replace("study: s", "f.yaml", "training", "lr", V));
        assertEquals("training:\n  lr: " + V + "\nstudy: s\n",
                SettingRewriter.replace("training:\nstudy: s\n", "f.yaml", "training", "lr", V));
    }

    @Test
    void refusesAFlowSection() {
        UserError e = assertThrows(UserError.class,
                () -> SettingRewriter.replace("training: {lr: 0.1}\n", "f.yaml", "training", "lr", V));
        assertTrue(e.getMessage().contains("f.yaml:1:11"), e.getMessage());
    }
}

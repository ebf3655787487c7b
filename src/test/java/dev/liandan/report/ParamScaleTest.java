package dev.liandan.report;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log and integer parameters on plot axes: where their values sit and how the ticks read. */
class ParamScaleTest {
    private static ParamAxis numeric(String name, boolean log, boolean integer, double low, double high) {
        return new ParamAxis(name, false, log, integer, true, List.of(), low, high);
    }

    @Test
    void aRangeOfTwoDecadesOrMoreIsInDecadesAndTheirLabelsArePlainNumbers() {
        ParamScale lr = new ParamScale(numeric("lr", true, false, 1e-6, 0.1));
        assertEquals(-3, lr.position(0.001), 1e-12);
        ParamScale.PowerLabels labels = new ParamScale.PowerLabels(10);
        assertEquals("1e-5", labels.format(-5.0));
        assertEquals("0.001", labels.format(-3.0));
        assertEquals("0.0316", labels.format(-1.5));
        assertEquals("100", labels.format(2.0));
        assertTrue(lr.axis().getLabel().endsWith("(log scale)"));
    }

    @Test
    void aNarrowLogRangeIsInPowersOfTwo() {
        ParamScale units = new ParamScale(numeric("units", true, true, 16, 256));
        assertEquals(4, units.position(16L), 1e-12);
        assertEquals(8, units.position(256L), 1e-12);
        assertEquals("32", new ParamScale.PowerLabels(2).format(5.0));
        assertTrue(units.axis().getLabel().endsWith("(log2 scale)"));
    }

    @Test
    void anIntegerGetsWholeTicksAndHalfAStepAroundItsEnds() {
        ParamScale layers = new ParamScale(numeric("hidden_layers", false, true, 1, 3));
        assertEquals(0.5, layers.lowPosition());
        assertEquals(3.5, layers.highPosition());
        ValueAxis axis = layers.axis();
        assertTrue(axis instanceof NumberAxis);
        assertEquals(NumberAxis.createIntegerTickUnits().getClass(), ((NumberAxis) axis).getStandardTickUnits().getClass());
        assertEquals(1.0, ((NumberAxis) axis).getStandardTickUnits().getCeilingTickUnit(0.3).getSize(),
                "no tick finer than a whole number");
    }
}

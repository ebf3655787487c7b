package dev.liandan.report;

import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Where a parameter's values sit on a plot axis, and that axis. Log parameters are placed at their
 * logarithm on a plain number axis whose tick labels show the values themselves, so that scatter
 * points and the cells of a contour plot share one coordinate system: base 10 when the range spans
 * two decades or more (ticks at whole decades), base 2 below that (ticks at powers of two, so a
 * range such as 16 to 256 gets five labels rather than one). Integer parameters get whole-number
 * ticks; categorical ones one tick per choice.
 */
final class ParamScale {
    private final ParamAxis axis;
    private final double base;

    ParamScale(ParamAxis axis) {
        this.axis = axis;
        this.base = !axis.log() ? 0 : Math.log10(axis.high() / axis.low()) >= 2 ? 10 : 2;
    }

    ParamAxis param() {
        return axis;
    }

    /** The plot coordinate of a value; NaN for an absent value or one the axis cannot show. */
    double position(Object value) {
        if (axis.categorical()) {
            return axis.coordinate(value);
        }
        double v = ParamAxis.numeric(value);
        if (base > 0) {
            return v > 0 ? Math.log(v) / Math.log(base) : Double.NaN;
        }
        return v;
    }

    /**
     * The coordinates of the range's ends: the space's bounds (categories and integers on a linear
     * axis: half a step beyond the first and last value).
     */
    double lowPosition() {
        return axis.categorical() ? -0.5 : wholeSteps() ? axis.low() - 0.5 : position(axis.low());
    }

    double highPosition() {
        return axis.categorical() ? axis.categories().size() - 0.5 : wholeSteps() ? axis.high() + 0.5
                : position(axis.high());
    }

    /** An integer on a linear axis: each value owns the unit around it, as a category does. */
    private boolean wholeSteps() {
        return axis.integer() && base == 0;
    }

    /** The axis, labelled with the parameter's name (and its scale). */
    ValueAxis axis() {
        String label = axis.name() + (base == 10 ? " (log scale)" : base == 2 ? " (log2 scale)" : "");
        if (axis.categorical()) {
            SymbolAxis a = new SymbolAxis(axis.name(), axis.categories().toArray(new String[0]));
            a.setGridBandsVisible(false);
            a.setRange(lowPosition(), highPosition());
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        if (base > 0) {
            TickUnits units = new TickUnits();
            for (double u : new double[]{1, 2, 3, 4, 5, 10, 20, 50}) {
                units.add(new NumberTickUnit(u, new PowerLabels(base)));
            }
            a.setStandardTickUnits(units);
            double pad = Math.max(0.04 * (highPosition() - lowPosition()), 0.05);
            a.setRange(lowPosition() - pad, highPosition() + pad);
        } else if (axis.integer()) {
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            if (axis.high() - axis.low() < 1.5) {
                a.setRange(axis.low() - 0.5, axis.high() + 0.5);
            }
        }
        return a;
    }

    /** Tick labels of a log axis: base to the tick's power, in the leaderboard's short number form. */
    static final class PowerLabels extends NumberFormat {
        private final double base;

        PowerLabels(double base) {
            this.base = base;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            double v = Math.pow(base, number);
            if (v >= 1 && Math.abs(v - Math.rint(v)) < 1e-9 * v) {
                return toAppendTo.append(Math.round(v));
            }
            if (base == 10 && number == Math.rint(number) && number <= -4) {
                return toAppendTo.append("1e").append(Math.round(number)); // 1e-5 rather than 0.00001
            }
            return toAppendTo.append(new java.math.BigDecimal(v).round(new java.math.MathContext(3))
                    .stripTrailingZeros().toPlainString());
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            throw new UnsupportedOperationException("format only");
        }
    }
}

package dev.liandan.report;

import dev.liandan.core.Direction;
import dev.liandan.study.Ranking;
import dev.liandan.study.Trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The linear scaling rule seen in the data (Goyal et al. 2017, "Accurate, Large Minibatch SGD"):
 * at each batch size, the learning rate of the best complete trial, and the slope of log(lr)
 * against log(batch size) through those points; the rule predicts a slope of 1.
 *
 * @param slope least-squares slope of log lr on log batch over the points
 */
record ScalingRule(List<Point> points, double slope) {

    /** @param trials the complete trials at this batch size: the point is the best of them */
    record Point(double batch, double lr, int trial, double value, int trials) {
    }

    /** The fewest complete trials behind a point: with one, the point is a draw, not a best. */
    int fewestTrials() {
        return points.stream().mapToInt(Point::trials).min().orElse(0);
    }

    /** The learning rate the rule predicts at {@code batch}, through the points' geometric centre. */
    double referenceLr(double batch) {
        double mx = points.stream().mapToDouble(p -> Math.log(p.batch())).average().orElse(0);
        double my = points.stream().mapToDouble(p -> Math.log(p.lr())).average().orElse(0);
        return Math.exp(my + Math.log(batch) - mx);
    }

    /** Present when at least two batch sizes have a complete trial with a positive learning rate. */
    static Optional<ScalingRule> of(List<Trial> trials, Direction direction, String lr, String batch) {
        Map<Double, Trial> best = new TreeMap<>();
        Map<Double, Integer> counts = new TreeMap<>();
        for (Trial t : Ranking.ranked(trials, direction)) {
            double b = ParamAxis.numeric(t.params().get(batch));
            double x = ParamAxis.numeric(t.params().get(lr));
            if (b > 0 && x > 0) {
                best.putIfAbsent(b, t);
                counts.merge(b, 1, Integer::sum);
            }
        }
        if (best.size() < 2) {
            return Optional.empty();
        }
        List<Point> points = new ArrayList<>();
        best.forEach((b, t) -> points.add(new Point(b, ParamAxis.numeric(t.params().get(lr)), t.number(), t.value(),
                counts.get(b))));
        double mx = points.stream().mapToDouble(p -> Math.log(p.batch())).average().orElse(0);
        double my = points.stream().mapToDouble(p -> Math.log(p.lr())).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Point p : points) {
            sxy += (Math.log(p.batch()) - mx) * (Math.log(p.lr()) - my);
            sxx += (Math.log(p.batch()) - mx) * (Math.log(p.batch()) - mx);
        }
        return Optional.of(new ScalingRule(points, sxy / sxx));
    }
}

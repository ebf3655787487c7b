import dev.liandan.bench.OverheadBenchmark;
import dev.liandan.bench.SearchBenchmark;

import java.util.function.IntFunction;

/**
 * One study of {@code bench overhead} (mixed surface, TPE, 1000 trials) in the jar this class is
 * loaded with; see AlternatedOverhead.java. Argument: the seed, plus 100 for SQLite storage.
 * Returns {mean wall ms, CPU ms} per trial.
 */
public class OverheadRun implements IntFunction<double[]> {
    @Override
    public double[] apply(int seedAndStore) {
        OverheadBenchmark.Store store = seedAndStore >= 100 ? OverheadBenchmark.Store.SQLITE : OverheadBenchmark.Store.MEMORY;
        OverheadBenchmark.Run r = OverheadBenchmark.run(store, SearchBenchmark.variant("tpe"), 1000, seedAndStore % 100);
        return new double[]{r.meanMs(), r.cpuMs()};
    }
}

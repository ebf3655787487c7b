package dev.liandan.ensemble;

import java.util.ArrayList;
import java.util.List;

/**
 * What a Caruana selection (classification or regression) made of its library of candidates:
 * the members it weighted above zero and the manifest's record of how they were chosen.
 */
final class CaruanaLibrary {

    private CaruanaLibrary() {
    }

    /** The candidates of {@code library} whose weight is above zero, in library order. */
    static <T> List<T> chosen(List<T> library, double[] weights) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < library.size(); i++) {
            if (weights[i] > 0) {
                out.add(library.get(i));
            }
        }
        return out;
    }

    /** The weights above zero, in library order (those of {@link #chosen}). */
    static double[] chosenWeights(double[] weights) {
        List<Double> w = new ArrayList<>();
        for (double v : weights) {
            if (v > 0) {
                w.add(v);
            }
        }
        return w.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The manifest's record of a Caruana selection: {@code order} indexes the library, whose
     * candidates are the trials {@code libraryTrials} trained with {@code librarySeeds}; the seeds
     * are recorded only when the library holds retrained members ({@code reseeded} configurations).
     */
    static Manifest.Selection selection(EnsembleOptions options, List<Integer> libraryTrials, List<Long> librarySeeds,
                                        boolean withSeeds, int reseeded, List<Integer> order,
                                        List<Double> trajectory, String selectBy) {
        return new Manifest.Selection(options.topK(), options.size(),
                withSeeds ? options.seedsPerConfig() : null,
                options.bags() == 1 ? "counts/size" : "mean over bags of counts/size", libraryTrials,
                order.stream().map(libraryTrials::get).toList(), trajectory, selectBy,
                options.sortedInit() ? "sorted" : "empty", options.bags(), withSeeds ? reseeded : null,
                withSeeds ? librarySeeds : null,
                withSeeds ? order.stream().map(librarySeeds::get).toList() : null);
    }
}

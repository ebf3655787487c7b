package dev.liandan.space;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Sorts parameters so that each comes after the ones it depends on (its condition's parent and
 * the names its formula reads), which is the order {@link Space#assign} walks. The sort is
 * stable: among parameters that are free to go, the one earlier in the file goes first, so a
 * file that is already in order keeps it.
 */
final class DependencyOrder {
    private DependencyOrder() {
    }

    /** The names {@code p} depends on; all of them must name parameters of the space. */
    static Set<String> dependencies(Param p) {
        Set<String> deps = new LinkedHashSet<>();
        p.condition().ifPresent(c -> deps.add(c.param()));
        if (p instanceof DerivedParam d) {
            deps.addAll(d.expression().variables());
        }
        return deps;
    }

    /** The sorted list, or a SpaceError naming a cycle at its member earliest in the file. */
    static List<ParsedParam> sort(List<ParsedParam> params, Map<String, Integer> indexByName) {
        int n = params.size();
        int[] waitingFor = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (String dep : dependencies(params.get(i).param())) {
                dependents.get(indexByName.get(dep)).add(i);
                waitingFor[i]++;
            }
        }
        // Kahn's algorithm with the ready set ordered by file position: stable
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (waitingFor[i] == 0) {
                ready.add(i);
            }
        }
        List<ParsedParam> sorted = new ArrayList<>();
        boolean[] done = new boolean[n];
        while (!ready.isEmpty()) {
            int i = ready.poll();
            done[i] = true;
            sorted.add(params.get(i));
            for (int d : dependents.get(i)) {
                if (--waitingFor[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (sorted.size() < n) {
            throw cycle(params, indexByName, done);
        }
        return sorted;
    }

    /**
     * Every parameter left over waits for another one left over, so walking dependencies among
     * them from any of them must come back to a parameter already seen.
     */
    private static SpaceError cycle(List<ParsedParam> params, Map<String, Integer> indexByName, boolean[] done) {
        int start = 0;
        while (done[start]) {
            start++;
        }
        List<Integer> path = new ArrayList<>();
        int current = start;
        while (!path.contains(current)) {
            path.add(current);
            for (String dep : dependencies(params.get(current).param())) {
                int j = indexByName.get(dep);
                if (!done[j]) {
                    current = j;
                    break;
                }
            }
        }
        List<Integer> loop = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        // start the printed cycle at its member earliest in the file, where the error points
        int first = loop.indexOf(loop.stream().min(Integer::compare).orElseThrow());
        List<String> names = new ArrayList<>();
        for (int k = 0; k <= loop.size(); k++) {
            names.add(params.get(loop.get((first + k) % loop.size())).name());
        }
        Param at = params.get(loop.get(first)).param();
        return new SpaceError(at.location(), "derived parameters form a cycle: " + String.join(" -> ", names)
                + " (each one needs the next: a formula reads it or a when names it)");
    }
}

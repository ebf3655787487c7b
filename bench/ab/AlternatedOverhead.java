import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * bench overhead's memory + TPE study with two builds in one JVM, alternated study by study, so
 * that a loaded machine weighs on both alike (separate JVMs differ by their JIT warm-up and by
 * whatever else runs at that moment). Each build is a Maven target folder (liandan.jar + lib/).
 *
 * <pre>
 * javac -cp OLD/liandan.jar -d /tmp/ab bench/ab/OverheadRun.java
 * java -Djava.io.tmpdir=/dev/shm bench/ab/AlternatedOverhead.java /tmp/ab OLD NEW ROUNDS [sqlite]
 * </pre>
 * (java.io.tmpdir on tmpfs: builds before 87fc20f create a folder per trial, which costs 0.3-0.7 ms
 * on a busy disk; on tmpfs that cost stays out of a comparison with them.)
 */
public class AlternatedOverhead {
    public static void main(String[] a) throws Exception {
        IntFunction<double[]> old = load(a[0], a[1]);
        IntFunction<double[]> neu = load(a[0], a[2]);
        int rounds = Integer.parseInt(a[3]);
        int store = a.length > 4 && a[4].equals("sqlite") ? 100 : 0;
        old.apply(store);
        neu.apply(store); // warm-up of both, as bench overhead's own
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            int seed = store + r % 3;
            double[] o;
            double[] n;
            if (r % 2 == 0) {
                o = old.apply(seed);
                n = neu.apply(seed);
            } else {
                n = neu.apply(seed);
                o = old.apply(seed);
            }
            System.out.printf("round %d seed %d: old mean %.3f ms, CPU %.3f ms | new mean %.3f ms, CPU %.3f ms%n",
                    r, seed % 100, o[0], o[1], n[0], n[1]);
            wall.add(n[0] / o[0]);
            cpu.add(n[1] / o[1]);
        }
        Collections.sort(wall);
        Collections.sort(cpu);
        System.out.printf("median ratio new/old: mean wall %.3f, CPU %.3f%n", wall.get(rounds / 2), cpu.get(rounds / 2));
    }

    @SuppressWarnings("unchecked")
    private static IntFunction<double[]> load(String classes, String target) throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(Path.of(classes).toUri().toURL());
        urls.add(Path.of(target, "liandan.jar").toUri().toURL());
        try (var libs = Files.list(Path.of(target, "lib"))) {
            for (Path p : (Iterable<Path>) libs::iterator) {
                urls.add(p.toUri().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        IntFunction<double[]> run = (IntFunction<double[]>) loader.loadClass("OverheadRun").getConstructor().newInstance();
        // the samplers are found through the context class loader (ServiceLoader)
        return seed -> {
            Thread.currentThread().setContextClassLoader(loader);
            return run.apply(seed);
        };
    }
}

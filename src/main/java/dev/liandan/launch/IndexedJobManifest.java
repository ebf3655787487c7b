package dev.liandan.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.liandan.core.UserError;
import dev.liandan.storage.Storages;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Kubernetes manifest of a {@link K8sJob}: an Indexed Job whose every pod runs one
 * {@code liandan worker} on a study in PostgreSQL, printed as YAML for {@code kubectl apply -f -}.
 *
 * <p>Choices, all from the worker's heartbeat and reclaim rules:
 * <ul>
 * <li>{@code restartPolicy: OnFailure}: a worker that crashed (out of memory, a node problem) is
 *     started again in its pod and goes on with the study; the trial it ran is reclaimed by the
 *     others once its heartbeat is older than the grace period, or at once as "interrupted"
 *     when the worker was stopped by SIGTERM (pod deleted, node drained).</li>
 * <li>{@code terminationGracePeriodSeconds: 30}: time for that SIGTERM to record the trial.</li>
 * <li>A worker exits 0 when the study's budget is spent, which completes its index.</li>
 * <li>{@code backoffLimit}: restarts across all pods before the Job gives up, so that a worker
 *     that fails at once each time (a wrong URL, data missing from the image) does not loop.</li>
 * <li>The worker's id is its pod's name, unique per pod.</li>
 * </ul>
 * The PostgreSQL password comes from a Secret ({@code PGPASSWORD} from its key
 * {@value K8sJob#PASSWORD_KEY}), never from the manifest.
 */
public final class IndexedJobManifest {
    /** Where the pods write trial artifacts: an emptyDir; the study itself lives in PostgreSQL. */
    public static final String RESULTS = "/results";
    static final int RESTARTS_PER_WORKER = 3;
    static final int TERMINATION_GRACE_SECONDS = 30;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private IndexedJobManifest() {
    }

    /** Checks the storage: PostgreSQL (pods share no file), with no password in the URL. */
    public static void checkStorage(String storage) {
        if (storage == null || !storage.strip().startsWith("jdbc:postgresql://")) {
            throw new UserError("--storage: pods share no file system, so they need a PostgreSQL storage "
                    + "(jdbc:postgresql://HOST:PORT/DB?user=NAME), got " + (storage == null ? "none" : "'" + Storages.mask(storage) + "'"));
        }
        if (!Storages.mask(storage).equals(storage)) {
            throw new UserError("--storage: the URL holds a password; put it in the Secret named by --secret "
                    + "(key '" + K8sJob.PASSWORD_KEY + "') instead: the manifest must not carry it");
        }
    }

    /** The Job's name: {@code liandan-<study>} as a DNS label (lower case, at most 63 characters). */
    public static String jobName(String study) {
        String s = ("liandan-" + study).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        if (s.length() > 63) {
            s = s.substring(0, 63);
        }
        return s.replaceAll("-+$", "");
    }

    public static String yaml(K8sJob job, WorkerArgs worker) {
        checkStorage(worker.storage());
        String name = jobName(worker.study());
        Map<String, Object> labels = map("app.kubernetes.io/name", "liandan", "app.kubernetes.io/instance", name);

        List<String> args = new ArrayList<>(worker.args());
        args.addAll(List.of("--worker-id", "$(POD_NAME)"));
        List<Object> env = new ArrayList<>();
        env.add(map("name", "POD_NAME", "valueFrom", map("fieldRef", map("fieldPath", "metadata.name"))));
        env.add(map("name", Storages.PASSWORD_VARIABLE, "valueFrom",
                map("secretKeyRef", map("name", job.secret(), "key", K8sJob.PASSWORD_KEY))));
        env.add(map("name", "OMP_NUM_THREADS", "value", Integer.toString(threads(job.cpu()))));

        Map<String, Object> limits = map("memory", job.memory());
        if (job.gpusPerWorker() > 0) {
            limits.put("nvidia.com/gpu", Integer.toString(job.gpusPerWorker()));
        }
        Map<String, Object> container = map(
                "name", "worker",
                "image", job.image(),
                "args", args,
                "env", env,
                "resources", map("requests", map("cpu", job.cpu(), "memory", job.memory()), "limits", limits),
                "volumeMounts", List.of(map("name", "results", "mountPath", RESULTS)));
        Map<String, Object> manifest = map(
                "apiVersion", "batch/v1",
                "kind", "Job",
                "metadata", map("name", name, "namespace", job.namespace(), "labels", labels),
                "spec", map(
                        "completionMode", "Indexed",
                        "completions", job.workers(),
                        "parallelism", job.workers(),
                        "backoffLimit", RESTARTS_PER_WORKER * job.workers(),
                        "template", map(
                                "metadata", map("labels", labels),
                                "spec", map(
                                        "restartPolicy", "OnFailure",
                                        "terminationGracePeriodSeconds", TERMINATION_GRACE_SECONDS,
                                        "containers", List.of(container),
                                        "volumes", List.of(map("name", "results", "emptyDir", map()))))));
        try {
            return YAML.writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole CPUs of the request, at least one: the worker's OMP threads. */
    static int threads(String cpu) {
        double cores = cpu.endsWith("m") ? Double.parseDouble(cpu.substring(0, cpu.length() - 1)) / 1000
                : Double.parseDouble(cpu);
        return Math.max(1, (int) Math.floor(cores));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}

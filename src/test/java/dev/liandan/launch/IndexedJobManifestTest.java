package dev.liandan.launch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.liandan.core.UserError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Indexed Job that {@code liandan launch k8s} prints: its exact text, and Kubernetes' own typed
 * model (fabric8) reading it strictly: a field the API does not know fails the test. No cluster runs
 * here; what a cluster would do with it is not tested.
 */
class IndexedJobManifestTest {
    private static final String URL = "jdbc:postgresql://db.example:5432/hpo?user=liandan";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static String manifest() {
        return IndexedJobManifest.yaml(new K8sJob(4, "registry.example/liandan:0.1", "hpo", 1, "4", "8Gi", "liandan-postgres"),
                new WorkerArgs("digits-mlp", URL, null, Path.of("/results"), Path.of("/app/search-spaces"),
                        Duration.ofSeconds(60)));
    }

    @Test
    void printsExactlyThisJob() {
        assertEquals("""
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: liandan-digits-mlp
                  namespace: hpo
                  labels:
                    app.kubernetes.io/name: liandan
                    app.kubernetes.io/instance: liandan-digits-mlp
                spec:
                  completionMode: Indexed
                  completions: 4
                  parallelism: 4
                  backoffLimit: 12
                  template:
                    metadata:
                      labels:
                        app.kubernetes.io/name: liandan
                        app.kubernetes.io/instance: liandan-digits-mlp
                    spec:
                      restartPolicy: OnFailure
                      terminationGracePeriodSeconds: 30
                      containers:
                      - name: worker
                        image: registry.example/liandan:0.1
                        args:
                        - worker
                        - --study
                        - digits-mlp
                        - --storage
                        - jdbc:postgresql://db.example:5432/hpo?user=liandan
                        - --results
                        - /results
                        - --data-root
                        - /app/search-spaces
                        - --heartbeat-grace
                        - "60"
                        - --worker-id
                        - $(POD_NAME)
                        env:
                        - name: POD_NAME
                          valueFrom:
                            fieldRef:
                              fieldPath: metadata.name
                        - name: PGPASSWORD
                          valueFrom:
                            secretKeyRef:
                              name: liandan-postgres
                              key: password
                        - name: OMP_NUM_THREADS
                          value: "4"
                        resources:
                          requests:
                            cpu: "4"
                            memory: 8Gi
                          limits:
                            memory: 8Gi
                            nvidia.com/gpu: "1"
                        volumeMounts:
                        - name: results
                          mountPath: /results
                      volumes:
                      - name: results
                        emptyDir: {}
                """, manifest());
    }

    @Test
    void kubernetesTypedModelReadsItWithNoUnknownField() throws Exception {
        Job job = strict(manifest());
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        assertEquals(4, job.getSpec().getParallelism());
        assertEquals(4, job.getSpec().getCompletions());
        assertEquals("OnFailure", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(new Quantity("1"), c.getResources().getLimits().get("nvidia.com/gpu"));
        assertEquals(new Quantity("8Gi"), c.getResources().getRequests().get("memory"));
        assertEquals("password", c.getEnv().stream().filter(e -> e.getName().equals("PGPASSWORD")).findFirst()
                .orElseThrow().getValueFrom().getSecretKeyRef().getKey());
        assertFalse(manifest().toLowerCase().contains("password="), "no password in the manifest");
    }

    @Test
    void theStrictReadingFailsOnAFieldKubernetesDoesNotKnow() {
        String typo = manifest().replace("completionMode: Indexed", "completionMod: Indexed");
        assertThrows(AssertionError.class, () -> strict(typo));
    }

    @Test
    void withoutGpusNoGpuLimit() throws Exception {
        String yaml = IndexedJobManifest.yaml(new K8sJob(2, "liandan:dev", "default", 0, "500m", "1Gi", "s"),
                new WorkerArgs("a_study", URL, null, Path.of("/results"), null, Duration.ofSeconds(30)));
        Job job = strict(yaml);
        Container c = job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertFalse(c.getResources().getLimits().containsKey("nvidia.com/gpu"));
        assertEquals("liandan-a-study", job.getMetadata().getName());
        assertTrue(yaml.contains("value: \"1\""), "half a CPU still runs one OMP thread: " + yaml);
    }

    @Test
    void refusesAPasswordInTheUrlAndStoragesPodsCannotShare() {
        UserError inUrl = assertThrows(UserError.class,
                () -> IndexedJobManifest.checkStorage(URL + "&password=secret"));
        assertTrue(inUrl.getMessage().contains("Secret") && !inUrl.getMessage().contains("secret&"), inUrl.getMessage());
        assertFalse(inUrl.getMessage().contains("=secret"), inUrl.getMessage());
        UserError sqlite = assertThrows(UserError.class, () -> IndexedJobManifest.checkStorage("results/x/study.db"));
        assertTrue(sqlite.getMessage().contains("PostgreSQL"), sqlite.getMessage());
    }

    @Test
    void refusesOptionsKubernetesWouldRefuse() {
        assertThrows(UserError.class, () -> new K8sJob(0, "img", "default", 0, "1", "1Gi", "s"));
        assertThrows(UserError.class, () -> new K8sJob(1, "img", "Bad_NS", 0, "1", "1Gi", "s"));
        assertThrows(UserError.class, () -> new K8sJob(1, "img", "default", 0, "two", "1Gi", "s"));
        assertThrows(UserError.class, () -> new K8sJob(1, "img", "default", 0, "1", "lots", "s"));
        assertThrows(UserError.class, () -> new K8sJob(1, "img", "default", -1, "1", "1Gi", "s"));
        assertThrows(UserError.class, () -> new K8sJob(1, "", "default", 0, "1", "1Gi", "s"));
    }

    /** Reads a Job with the typed model; fails when any object of it kept a field it does not know. */
    static Job strict(String yaml) throws Exception {
        Job job = YAML.readValue(yaml, Job.class);
        List<String> unknown = new ArrayList<>();
        walk(job, "job", unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError("fields the Kubernetes model does not know: " + unknown);
        }
        return job;
    }

    /** fabric8's model keeps unknown fields in getAdditionalProperties(): every one found is an error. */
    private static void walk(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) throws Exception {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || !g.getName().startsWith("get") || g.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v = g.invoke(o);
            if (g.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + ": " + extra.keySet());
                }
            } else {
                walk(v, path + "." + g.getName().substring(3), unknown, seen);
            }
        }
    }
}

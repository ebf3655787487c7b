package dev.liandan.cli;

import dev.liandan.study.StudySetup;
import dev.liandan.launch.IndexedJobManifest;
import dev.liandan.launch.K8sJob;
import dev.liandan.launch.WorkerArgs;
import dev.liandan.space.StudySpec;
import dev.liandan.study.StudyRunner;
import dev.liandan.study.StudyStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "k8s", mixinStandardHelpOptions = true,
        description = {"Create the study in its PostgreSQL storage and print a Kubernetes Indexed Job whose N pods "
                + "each run `liandan worker` on it, as YAML for `kubectl apply -f -`.",
                "The password reaches the pods from a Secret (key 'password'), never through the manifest."},
        footer = {"", "Examples:",
                "  kubectl create secret generic liandan-postgres --from-literal=password=\"$PGPASSWORD\"",
                "  liandan launch k8s search-spaces/digits-mlp.yaml --workers 8 --image registry.example/liandan:0.1 \\",
                "      --gpus-per-worker 1 --cpu 4 --memory 8Gi --data-root /app/search-spaces \\",
                "      --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan' | kubectl apply -f -"})
final class LaunchK8sCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SPACE", description = "the space file (YAML)")
    Path file;

    @Option(names = "--workers", required = true, paramLabel = "N", description = "pods, one worker each")
    int workers;

    @Option(names = "--storage", required = true, paramLabel = "URL",
            description = "the study's PostgreSQL: jdbc:postgresql://HOST:PORT/DB?user=NAME, as the pods reach it "
                    + "(here, the password comes from $PGPASSWORD or --password-file)")
    String storage;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "a file whose first line is the PostgreSQL password, for creating the study from here")
    Path passwordFile;

    @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "the liandan container image")
    String image;

    @Option(names = "--namespace", defaultValue = "default", paramLabel = "NS", description = "(default: ${DEFAULT-VALUE})")
    String namespace;

    @Option(names = "--gpus-per-worker", defaultValue = "0", paramLabel = "G",
            description = "nvidia.com/gpu limit per pod (default: ${DEFAULT-VALUE})")
    int gpus;

    @Option(names = "--cpu", defaultValue = "1", paramLabel = "C", description = "CPU request per pod (default: ${DEFAULT-VALUE})")
    String cpu;

    @Option(names = "--memory", defaultValue = "2Gi", paramLabel = "M",
            description = "memory request and limit per pod (default: ${DEFAULT-VALUE})")
    String memory;

    @Option(names = "--secret", defaultValue = "liandan-postgres", paramLabel = "NAME",
            description = "the Secret whose key 'password' holds the PostgreSQL password (default: ${DEFAULT-VALUE})")
    String secret;

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "where, inside the image, relative data paths of the space file start")
    String dataRoot;

    @Mixin
    LaunchStudyOptions launch;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        StudySpec study = launch.study(file);
        IndexedJobManifest.checkStorage(storage);
        K8sJob job = new K8sJob(workers, image, namespace, gpus, cpu, memory, secret);
        WorkerArgs worker = new WorkerArgs(study.name(), storage.strip(), null, Path.of(IndexedJobManifest.RESULTS),
                dataRoot == null ? null : Path.of(dataRoot), launch.heartbeatGrace());
        String yaml = IndexedJobManifest.yaml(job, worker);
        try (StudyStorage s = dev.liandan.storage.Storages.open(storage, passwordFile)) {
            StudySetup.prepare(s, study);
        }
        spec.commandLine().getOut().print(yaml);
        spec.commandLine().getErr().printf("liandan: study '%s' is ready in its storage; apply the Job with "
                + "kubectl apply -f - (Secret '%s' in namespace '%s' must hold key '%s')%n",
                study.name(), secret, namespace, K8sJob.PASSWORD_KEY);
        return 0;
    }
}

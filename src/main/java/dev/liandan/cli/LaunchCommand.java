package dev.liandan.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "launch", mixinStandardHelpOptions = true,
        description = "Hand a study's workers to a cluster engine: a Slurm job array, or a Kubernetes Indexed Job.",
        subcommands = {LaunchSlurmCommand.class, LaunchK8sCommand.class},
        footer = {"", "Examples:",
                "  liandan launch slurm search-spaces/digits-mlp.yaml --workers 8 --gpus-per-worker 1 \\",
                "      --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan'",
                "  liandan launch k8s search-spaces/digits-mlp.yaml --workers 8 --image registry.example/liandan:0.1 \\",
                "      --storage 'jdbc:postgresql://db.example:5432/hpo?user=liandan' | kubectl apply -f -"})
final class LaunchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

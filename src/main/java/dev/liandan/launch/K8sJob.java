package dev.liandan.launch;

import dev.liandan.core.UserError;

import java.util.regex.Pattern;

/**
 * A Kubernetes Indexed Job of liandan workers: what {@code liandan launch k8s} describes.
 *
 * @param workers       completions and parallelism: one pod per worker, all at once
 * @param image         the container image (the project's Dockerfile builds one)
 * @param namespace     where the Job and the Secret live
 * @param gpusPerWorker {@code nvidia.com/gpu} per pod, 0 for none
 * @param cpu           CPU request per pod in Kubernetes quantity form ({@code 2}, {@code 500m})
 * @param memory        memory request and limit per pod ({@code 4Gi})
 * @param secret        the Secret whose key {@value #PASSWORD_KEY} holds the PostgreSQL password
 */
public record K8sJob(int workers, String image, String namespace, int gpusPerWorker, String cpu, String memory,
                     String secret) {
    public static final String PASSWORD_KEY = "password";
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern QUANTITY = Pattern.compile("\\d+(\\.\\d+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final Pattern CPU = Pattern.compile("\\d+(\\.\\d+)?m?");
    private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]*");

    public K8sJob {
        if (workers < 1 || workers > 100_000) {
            throw new UserError("--workers must be between 1 and 100000, got " + workers);
        }
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw new UserError("--image: expected an image reference (registry/name:tag), got '" + image + "'");
        }
        if (!DNS_LABEL.matcher(namespace).matches()) {
            throw new UserError("--namespace: expected a Kubernetes name (lower-case letters, digits, -), got '"
                    + namespace + "'");
        }
        if (gpusPerWorker < 0) {
            throw new UserError("--gpus-per-worker must be >= 0, got " + gpusPerWorker);
        }
        if (!CPU.matcher(cpu).matches()) {
            throw new UserError("--cpu: expected a Kubernetes quantity (2, 1.5, 500m), got '" + cpu + "'");
        }
        if (!QUANTITY.matcher(memory).matches()) {
            throw new UserError("--memory: expected a Kubernetes quantity (4Gi, 512Mi), got '" + memory + "'");
        }
        if (!DNS_SUBDOMAIN.matcher(secret).matches()) {
            throw new UserError("--secret: expected a Kubernetes name (lower-case letters, digits, - and .), got '"
                    + secret + "'");
        }
    }
}

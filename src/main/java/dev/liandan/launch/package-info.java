/**
 * Handing workers to the engines clusters already run: a Slurm job array ({@link SlurmLaunch})
 * and a Kubernetes Indexed Job ({@link IndexedJobManifest}). Each task or pod runs one
 * {@code liandan worker} on a study kept in a shared storage; the workers coordinate through
 * that storage alone, so a cancelled task or a deleted pod is a lost worker whose trial the
 * others reclaim, as on any host.
 */
package dev.liandan.launch;

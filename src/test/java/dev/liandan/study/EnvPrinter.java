package dev.liandan.study;

/** A child process for {@link LocalWorkersTest}: prints what a worker was given, then exits. */
public final class EnvPrinter {
    public static void main(String[] args) {
        System.out.println("OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
        System.out.println("CUDA_VISIBLE_DEVICES=" + System.getenv("CUDA_VISIBLE_DEVICES"));
        System.out.println("args=" + String.join(" ", args));
    }
}

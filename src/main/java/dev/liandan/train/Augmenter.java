package dev.liandan.train;

import java.util.Random;

/**
 * Seeded image augmentation of flat rows ({@code channels × height × width}, channel-major then
 * row-major), applied as each minibatch is gathered, so every epoch sees new variants: a random
 * translation by up to {@code maxShift} pixels in each direction (vacated pixels become 0, the
 * mean of a standardised feature or the minimum of a min-max one) and, when {@code flip}, a
 * horizontal mirror with probability 1/2 (Krizhevsky et al. 2012, section 4.1; for digits a mirror
 * changes the class, so it is off unless asked for). The draws come from their own generator
 * seeded from the trial's seed: the same seed gives the same variants.
 */
final class Augmenter {
    private final int height;
    private final int width;
    private final int channels;
    private final int maxShift;
    private final boolean flip;
    private final Random random;
    private final float[] scratch;

    Augmenter(int height, int width, int channels, int maxShift, boolean flip, long seed) {
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.maxShift = maxShift;
        this.flip = flip;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        this.scratch = new float[height * width * channels];
    }

    /** Augments the row at {@code x[offset .. offset + c*h*w)} in place. */
    void apply(float[] x, int offset) {
        int dy = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        int dx = maxShift == 0 ? 0 : random.nextInt(2 * maxShift + 1) - maxShift;
        boolean mirror = flip && random.nextBoolean();
        if (dy == 0 && dx == 0 && !mirror) {
            return;
        }
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < height; r++) {
                for (int col = 0; col < width; col++) {
                    int sr = r - dy;
                    int sc = col - dx;
                    if (mirror) {
                        sc = width - 1 - sc;
                    }
                    float v = sr >= 0 && sr < height && sc >= 0 && sc < width ? x[offset + c * plane + sr * width + sc] : 0f;
                    scratch[c * plane + r * width + col] = v;
                }
            }
        }
        System.arraycopy(scratch, 0, x, offset, scratch.length);
    }
}

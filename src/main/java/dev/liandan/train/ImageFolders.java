package dev.liandan.train;

import dev.liandan.space.DataSpec;
import dev.liandan.core.UserError;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a folder of images, one sub-folder per class ({@code data: {format: images, path: …}}),
 * the layout of Keras' {@code image_dataset_from_directory} and torchvision's
 * {@code ImageFolder}: the sub-folder's name is the label, every {@code .png}, {@code .jpg} or
 * {@code .jpeg} file in it (by {@code javax.imageio}) one row. Other files and hidden entries are
 * skipped. Classes and files are read in name order, so row {@code k} (from 1) is the same image
 * on every host.
 *
 * <p>Each image becomes {@code channels × height × width} features, channel-major then row-major
 * (the layout the CNN and {@link Augmenter} expect, as for IDX), values 0..255 before
 * normalisation:
 * <ul>
 *   <li>a grey image keeps its samples (16-bit ones scaled to 0..255), read from the raster so
 *       that Java's colour management (which treats 8-bit grey as linear and brightens it on the
 *       way to sRGB) does not change them: a PNG written from IDX bytes reads back as those
 *       bytes;</li>
 *   <li>a colour image is read as sRGB; with {@code channels: 1} it becomes its luma
 *       {@code 0.299 R + 0.587 G + 0.114 B} (ITU-R BT.601, as PIL's {@code convert("L")});
 *       a grey image with {@code channels: 3} is repeated in the three channels; alpha is
 *       ignored;</li>
 *   <li>an image of another size is resized bilinearly (pixel centres aligned, as OpenCV's
 *       {@code INTER_LINEAR}).</li>
 * </ul>
 */
final class ImageFolders {
    private ImageFolders() {
    }

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");

    static Datasets.Table read(Path folder, DataSpec.Image shape) {
        String name = Datasets.fileName(folder);
        List<Path> classDirs = list(folder, true);
        if (classDirs.isEmpty()) {
            throw new UserError(folder + ": no class sub-folders: expected one folder of images per class");
        }
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        int d = c * h * w;
        List<Path> files = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path dir : classDirs) {
            List<Path> images = list(dir, false).stream().filter(ImageFolders::isImage).toList();
            if (images.isEmpty()) {
                throw new UserError(dir + ": class folder '" + dir.getFileName() + "' has no .png, .jpg or .jpeg images");
            }
            for (Path p : images) {
                files.add(p);
                labels.add(dir.getFileName().toString());
            }
        }
        if ((long) files.size() * d > Integer.MAX_VALUE) {
            throw new UserError(name + ": " + files.size() + " images of " + c + "x" + h + "x" + w
                    + " are too many values for one in-memory buffer");
        }
        double[] x = new double[files.size() * d];
        int[] rows = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            pixels(decode(files.get(i)), c, h, w, x, i * d);
            rows[i] = i + 1;
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 0; j < d; j++) {
            names.add("px" + j);
        }
        return new Datasets.Table(name, names, x, labels, rows);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** The visible sub-folders ({@code dirs}) or files of {@code dir}, in name order. */
    private static List<Path> list(Path dir, boolean dirs) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> dirs == Files.isDirectory(p))
                    .sorted().toList();
        } catch (NoSuchFileException e) {
            throw new UserError(dir + ": no such image folder", e);
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list the image folder: " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(Path file) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": cannot read the image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new UserError(file + ": not a PNG or JPEG image that javax.imageio can read");
        }
        return img;
    }

    /** Writes {@code img} as {@code c × h × w} values 0..255 into {@code out} from {@code offset}. */
    static void pixels(BufferedImage img, int c, int h, int w, double[] out, int offset) {
        int iw = img.getWidth();
        int ih = img.getHeight();
        double[] src = new double[c * ih * iw];
        boolean grey = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(img.getColorModel() instanceof IndexColorModel);
        if (grey) {
            Raster r = img.getRaster();
            double max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < ih; y++) {
                for (int x = 0; x < iw; x++) {
                    double v = r.getSample(x, y, 0) * 255.0 / max;
                    for (int k = 0; k < c; k++) {
                        src[(k * ih + y) * iw + x] = v;
                    }
                }
            }
        } else {
            for (int y = 0; y < ih; y++) {
                for (int x = 0; x < iw; x++) {
                    int rgb = img.getRGB(x, y);
                    int red = (rgb >> 16) & 0xff;
                    int green = (rgb >> 8) & 0xff;
                    int blue = rgb & 0xff;
                    if (c == 1) {
                        src[y * iw + x] = 0.299 * red + 0.587 * green + 0.114 * blue;
                    } else {
                        src[y * iw + x] = red;
                        src[(ih + y) * iw + x] = green;
                        src[(2 * ih + y) * iw + x] = blue;
                    }
                }
            }
        }
        if (iw == w && ih == h) {
            System.arraycopy(src, 0, out, offset, src.length);
            return;
        }
        resize(src, c, ih, iw, h, w, out, offset);
    }

    /**
     * Bilinear resize of {@code c} planes of {@code ih × iw} to {@code h × w}, pixel centres
     * aligned (source coordinate {@code (x + 0.5) · iw / w − 0.5}, clamped at the border).
     * Written here because the JDK's {@code AffineTransformOp} refuses float rasters and its
     * colour-managed drawing changes grey values.
     */
    static void resize(double[] src, int c, int ih, int iw, int h, int w, double[] out, int offset) {
        double sy = ih / (double) h;
        double sx = iw / (double) w;
        for (int y = 0; y < h; y++) {
            double fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), ih - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, ih - 1);
            double ty = fy - y0;
            for (int x = 0; x < w; x++) {
                double fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), iw - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, iw - 1);
                double tx = fx - x0;
                for (int k = 0; k < c; k++) {
                    int p = k * ih * iw;
                    double top = src[p + y0 * iw + x0] * (1 - tx) + src[p + y0 * iw + x1] * tx;
                    double bottom = src[p + y1 * iw + x0] * (1 - tx) + src[p + y1 * iw + x1] * tx;
                    out[offset + (k * h + y) * w + x] = top * (1 - ty) + bottom * ty;
                }
            }
        }
    }
}

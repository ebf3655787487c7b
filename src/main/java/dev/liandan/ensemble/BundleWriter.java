package dev.liandan.ensemble;

import dev.liandan.core.UserError;
import dev.liandan.train.SavedNetwork;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle: {@code manifest.json} and one DL4J model file per member (without updater
 * state: a bundle predicts, it does not resume training; with the member's DL4J normaliser, if any). The folder is written beside the
 * target and then moved into place, so a reader never sees half a bundle; an old bundle there is
 * replaced.
 */
final class BundleWriter {
    private BundleWriter() {
    }

    static void write(Manifest manifest, List<SavedNetwork> networks, Path dir) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.exists(dir) && !Files.isRegularFile(dir.resolve(Ensemble.MANIFEST))) {
            // never delete a folder we did not write
            throw new UserError(dir + " exists and is not an ensemble bundle: move it away or choose another place");
        }
        Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
        try {
            for (int i = 0; i < networks.size(); i++) {
                Path file = tmp.resolve(manifest.members().get(i).file());
                Files.createDirectories(file.getParent());
                networks.get(i).write(file);
            }
            Files.write(tmp.resolve(Ensemble.MANIFEST), Ensemble.JSON.writeValueAsBytes(manifest));
            if (Files.exists(dir)) {
                deleteTree(dir);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) {
                deleteTree(tmp);
            }
        }
    }

    /** The bundle folder {@code dir} as one zip file {@code zip} (same entries, same layout). */
    static void zip(Path dir, Path zip) throws IOException {
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream z = new ZipOutputStream(out)) {
            for (Path f : files) {
                z.putNextEntry(new ZipEntry(dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, z);
                z.closeEntry();
            }
        }
        Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

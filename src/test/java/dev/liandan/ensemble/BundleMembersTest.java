package dev.liandan.ensemble;

import dev.liandan.core.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bundle's manifest is data from wherever the bundle came from: its member files must stay inside
 * the bundle, and a member that is no model says so in one line, for folders and zip files alike.
 * Built on the real fixture bundle (two tiny iris models).
 */
class BundleMembersTest {
    private static final String MEMBER = "members/trial-1.zip";
    @TempDir
    Path tmp;

    /** A copy of the fixture bundle whose first member file is named {@code name} instead. */
    private Path bundleNaming(String name) throws IOException {
        Path bundle = tmp.resolve("bundle");
        copy(FixtureBundleTest.BUNDLE, bundle);
        Path manifest = bundle.resolve(Ensemble.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("\"" + MEMBER + "\"", "\"" + name + "\""));
        return bundle;
    }

    private static String refused(Path bundle) {
        UserError e = assertThrows(UserError.class, () -> Ensemble.load(bundle).close());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void membersOutsideTheBundleAreRefused() throws Exception {
        // a real model outside the bundle: it must not be loaded, however it is named
        Path outside = tmp.resolve("outside.zip");
        Files.copy(FixtureBundleTest.BUNDLE.resolve(MEMBER), outside);
        for (String name : new String[]{outside.toString(), "../outside.zip", "members/../../outside.zip", "/etc/passwd"}) {
            String message = refused(bundleNaming(name));
            assertTrue(message.contains("member file " + name + " is outside the bundle"), message);
            deleteBundle();
        }
    }

    @Test
    void aLinkThatLeadsOutIsRefused() throws Exception {
        Path outside = tmp.resolve("outside.zip");
        Files.copy(FixtureBundleTest.BUNDLE.resolve(MEMBER), outside);
        Path bundle = bundleNaming("members/link.zip");
        Files.createSymbolicLink(bundle.resolve("members/link.zip"), outside);
        assertTrue(refused(bundle).contains("is outside the bundle"));
    }

    @Test
    void aMemberThatIsNoModelIsOneLine() throws Exception {
        Path bundle = bundleNaming(MEMBER);
        Path member = bundle.resolve(MEMBER);
        byte[] model = Files.readAllBytes(member);
        Files.write(member, java.util.Arrays.copyOf(model, model.length / 2));
        assertTrue(refused(bundle).contains("member file " + MEMBER + " is not a readable DL4J model ("), "truncated");
        Files.write(member, new byte[0]);
        assertTrue(refused(bundle).contains("is not a readable DL4J model (an empty file)"), "empty");
        Files.writeString(member, "this is not a zip file at all");
        assertTrue(refused(bundle).contains("is not a readable DL4J model ("), "garbage");
    }

    @Test
    void aZipBundleSaysWhatIsWrongInsideIt() throws Exception {
        Path bundle = bundleNaming(MEMBER);
        Files.write(bundle.resolve(MEMBER), new byte[0]);
        Path zip = tmp.resolve("bundle.zip");
        zip(bundle, zip);
        String empty = refused(zip);
        assertTrue(empty.contains("is not a readable DL4J model") && !empty.contains("neither a folder nor a zip"), empty);

        deleteBundle();
        Path climbing = bundleNaming("../outside.zip");
        Files.delete(zip);
        zip(climbing, zip);
        String out = refused(zip);
        assertTrue(out.contains("is outside the bundle") && !out.contains("neither a folder nor a zip"), out);
    }

    @Test
    void theUntouchedFixtureStillLoads() throws Exception {
        try (Ensemble e = Ensemble.load(bundleNaming(MEMBER))) {
            assertEquals(2, e.manifest().members().size());
        }
    }

    private void deleteBundle() throws IOException {
        try (Stream<Path> all = Files.walk(tmp.resolve("bundle"))) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void zip(Path folder, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                z.putNextEntry(new ZipEntry(folder.relativize(p).toString()));
                Files.copy(p, z);
                z.closeEntry();
            }
        }
    }
}

package dev.sem.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.packaging.DistributionReader;
import dev.sem.script.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link PackageArchive} writes a release; {@link PackageLoader#loadRelease} reads it back and verifies it. */
class PackageArchiveTest {

    private static final Instant TIMESTAMP = Instant.parse("2026-11-21T07:19:25Z");
    private static final String TOP = "shop-db-1.0.0";
    private static final String CHANGED =
            ": the archive was changed after sem:package; download it again or rebuild it";
    private static final String HELLO = "create function hello() returns text language sql as $$ select 'hi' $$;\n";

    @TempDir
    Path dir;

    /** A package source tree with files the archive must leave out (pom.xml, README, target/, non-SQL files). */
    private LoadedPackage source() {
        PackageTree tree = new PackageTree(dir.resolve("src"))
                .config("\"functions_path\": \"functions\", \"tables_path\": \"tables\", \"description\": \"Shop\"")
                .file("functions/hello.sql", HELLO)
                .bytes("functions/orders/create_order.sql", "\uFEFFselect 2;\r\n".getBytes(StandardCharsets.UTF_8))
                .file("functions/notes.txt", "not SQL")
                .file("tables/10.sql", "create table t10 (id int);")
                .file("tables/9.sql", "create table t9 (id int);")
                .file("pom.xml", "<project/>")
                .file("README.md", "# shop")
                .file("target/old.tar.gz", "x");
        return tree.load();
    }

    private PackageArchive.Request request(LoadedPackage pkg) {
        return new PackageArchive.Request(
                pkg, TOP, "com.example:shop-db:1.0.0", "0.1.0-test", List.of("com.example:base-db:2.0.0"), TIMESTAMP);
    }

    private PackageArchive.Result write(String name) {
        return PackageArchive.write(request(source()), dir.resolve("out").resolve(name));
    }

    private static List<TarArchiveEntry> entries(Path tarGz) throws IOException {
        List<TarArchiveEntry> result = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tarGz);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                result.add(e);
            }
        }
        return result;
    }

    /** Extracts a release, lets {@code change} edit it, and packs it again as {@code name}. */
    private Path tampered(Path release, String name, IoAction change) throws IOException {
        Path extracted =
                DistributionReader.extractAll(release, dir.resolve("edit-" + name), DistributionReader.DEFAULT_LIMITS);
        change.run(extracted.resolve(TOP));
        return new PackageTree(extracted).tar(dir.resolve(name), "");
    }

    private interface IoAction {
        void run(Path packageRoot) throws IOException;
    }

    private String releaseError(Path tarGz) {
        return assertThrows(PackageException.class, () -> PackageLoader.loadRelease(tarGz, dir.resolve("work")))
                .getMessage();
    }

    // --- writing

    @Test
    void theArchiveHoldsConfigJsonThePackageFilesAndTheManifestOnly() throws IOException {
        PackageArchive.Result result = write("shop-db-1.0.0.tar.gz");
        List<TarArchiveEntry> entries = entries(result.archive());
        assertEquals(
                List.of(
                        TOP + "/",
                        TOP + "/functions/",
                        TOP + "/functions/orders/",
                        TOP + "/tables/",
                        TOP + "/config.json",
                        TOP + "/functions/hello.sql",
                        TOP + "/functions/orders/create_order.sql",
                        TOP + "/sem-package-manifest.json",
                        TOP + "/tables/10.sql",
                        TOP + "/tables/9.sql"),
                entries.stream().map(TarArchiveEntry::getName).toList());
        for (TarArchiveEntry e : entries) {
            assertEquals(TIMESTAMP, e.getLastModifiedTime().toInstant(), e.getName());
            assertEquals(e.isDirectory() ? 040755 : 0100644, e.getMode(), e.getName());
            assertEquals("", e.getUserName(), e.getName());
            assertEquals(0, e.getLongUserId(), e.getName());
        }
        assertEquals(dir.resolve("out/shop-db-1.0.0.tar.gz").toAbsolutePath().normalize(), result.archive());
        assertEquals(Sha256.hex(Files.readAllBytes(result.archive())), result.sha256());
        assertEquals(5, result.files());
        try (var list = Files.list(dir.resolve("out"))) {
            assertEquals(List.of(result.archive()), list.toList(), "no staging or partial file is left behind");
        }
    }

    @Test
    void theManifestListsEveryFileWithItsSha256() throws IOException {
        PackageArchive.Result result = write("shop.tar.gz");
        Path extracted =
                DistributionReader.extractAll(result.archive(), dir.resolve("x"), DistributionReader.DEFAULT_LIMITS);
        byte[] json = Files.readAllBytes(extracted.resolve(TOP).resolve("sem-package-manifest.json"));
        JsonNode root = JsonMapper.builder().build().readTree(json);
        assertEquals(1, root.get("format").intValue());
        assertEquals("shop", root.get("package").stringValue());
        assertEquals("1_0_0", root.get("version").stringValue());
        assertEquals("com.example:shop-db:1.0.0", root.get("artifact").stringValue());
        assertEquals("0.1.0-test", root.get("tool").stringValue());
        assertEquals(
                "com.example:base-db:2.0.0", root.get("dependencies").get(0).stringValue());
        assertEquals(1, root.get("dependencies").size());
        Map<String, String> files = new LinkedHashMap<>();
        root.get("files")
                .forEach(f ->
                        files.put(f.get("path").stringValue(), f.get("sha256").stringValue()));
        Map<String, String> expected = new LinkedHashMap<>();
        for (String p : List.of(
                "config.json",
                "functions/hello.sql",
                "functions/orders/create_order.sql",
                "tables/10.sql",
                "tables/9.sql")) {
            expected.put(p, Sha256.hex(Files.readAllBytes(dir.resolve("src").resolve(p))));
        }
        assertEquals(expected, files);
        assertEquals(PackageManifest.parse(json), result.manifest());
        assertTrue(new String(json, StandardCharsets.UTF_8).endsWith("}\n"));
    }

    @Test
    void theSameInputGivesTheSameBytesAtAnotherTime() throws Exception {
        PackageArchive.Result first = write("first.tar.gz");
        Thread.sleep(1_100);
        PackageArchive.Result second = write("second.tar.gz");
        assertArrayEquals(Files.readAllBytes(first.archive()), Files.readAllBytes(second.archive()));
        assertEquals(first.sha256(), second.sha256());
        assertEquals(first.manifest(), second.manifest());
    }

    @Test
    void anInvalidTopFolderIsRefused() {
        LoadedPackage pkg = source();
        PackageArchive.Request bad = new PackageArchive.Request(pkg, "../x", null, "1", List.of(), TIMESTAMP);
        assertEquals(
                "The archive folder '../x' is invalid; only letters, digits, and . _ + - are allowed, as in"
                        + " <artifactId>-<version>",
                assertThrows(PackageException.class, () -> PackageArchive.write(bad, dir.resolve("o.tar.gz")))
                        .getMessage());
    }

    // --- loading

    @Test
    void aReleaseLoadsBackWithTheSameFiles() {
        LoadedPackage original = source();
        PackageArchive.Result result = PackageArchive.write(request(original), dir.resolve("shop.tar.gz"));
        PackageLoader.Release release = PackageLoader.loadRelease(result.archive(), dir.resolve("work"));
        LoadedPackage loaded = release.pkg();
        assertEquals(dir.resolve("work").resolve(TOP).toAbsolutePath().normalize(), loaded.root());
        assertEquals(original.descriptor(), loaded.descriptor());
        assertEquals(
                original.files().stream().map(PackageFile::path).toList(),
                loaded.files().stream().map(PackageFile::path).toList());
        for (int i = 0; i < original.files().size(); i++) {
            assertArrayEquals(
                    original.files().get(i).script().bytes(),
                    loaded.files().get(i).script().bytes());
            assertEquals(
                    original.files().get(i).category(), loaded.files().get(i).category());
        }
        assertEquals(result.manifest(), release.manifest());
        assertEquals(
                List.of(
                        "config.json",
                        "functions/hello.sql",
                        "functions/orders/create_order.sql",
                        "tables/10.sql",
                        "tables/9.sql"),
                release.manifest().paths());
        assertEquals("com.example:shop-db:1.0.0", release.manifest().artifact());
    }

    @Test
    void aReleaseLoadsAsAPlainTarballAndAsASourceToo() {
        Path archive = write("shop.tar.gz").archive();
        assertEquals(
                "shop",
                PackageLoader.loadTarball(archive, dir.resolve("w1"))
                        .descriptor()
                        .name());
        assertEquals(
                "shop",
                PackageLoader.loadSource(archive, dir.resolve("w2"))
                        .descriptor()
                        .name());
    }

    @Test
    void aChangedFileIsNamedWithBothChecksums() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path changed = tampered(
                release, "changed.tar.gz", root -> Files.writeString(root.resolve("functions/hello.sql"), "drop x;"));
        String expected = changed + ": sem-package-manifest.json: functions/hello.sql does not match its SHA-256"
                + " (listed " + Sha256.hex(HELLO.getBytes(StandardCharsets.UTF_8)) + ", found "
                + Sha256.hex("drop x;".getBytes(StandardCharsets.UTF_8)) + ")" + CHANGED;
        assertEquals(expected, releaseError(changed));
        // loadTarball and loadSource verify too, as the archive has a manifest
        assertEquals(
                expected,
                assertThrows(PackageException.class, () -> PackageLoader.loadTarball(changed, dir.resolve("w2")))
                        .getMessage());
        assertEquals(
                expected,
                assertThrows(PackageException.class, () -> PackageLoader.loadSource(changed, dir.resolve("w3")))
                        .getMessage());
    }

    @Test
    void theManifestIsVerifiedBeforeConfigJsonIsParsed() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path broken = tampered(release, "broken.tar.gz", root -> Files.writeString(root.resolve("config.json"), "{"));
        String message = releaseError(broken);
        assertTrue(
                message.startsWith(broken + ": sem-package-manifest.json: config.json does not match its SHA-256"),
                message);
    }

    @Test
    void anAddedFileIsNamed() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path added = tampered(
                release, "added.tar.gz", root -> Files.writeString(root.resolve("functions/evil.sql"), "drop x;"));
        assertEquals(
                added + ": sem-package-manifest.json: functions/evil.sql is not listed" + CHANGED, releaseError(added));
    }

    @Test
    void anAddedFileThatThePackageWouldIgnoreIsNamedToo() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path added = tampered(release, "added.tar.gz", root -> Files.writeString(root.resolve(".hidden"), "x"));
        assertEquals(added + ": sem-package-manifest.json: .hidden is not listed" + CHANGED, releaseError(added));
    }

    @Test
    void aRemovedFileIsNamed() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path removed = tampered(release, "removed.tar.gz", root -> Files.delete(root.resolve("tables/9.sql")));
        assertEquals(
                removed + ": sem-package-manifest.json: tables/9.sql is listed but missing" + CHANGED,
                releaseError(removed));
    }

    @Test
    void aReleaseWithoutManifestIsRefused() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path plain = tampered(release, "plain.tar.gz", root -> Files.delete(root.resolve(PackageManifest.FILE_NAME)));
        assertEquals(
                "The archive " + plain + " has no sem-package-manifest.json: it was not built by sem:package; build"
                        + " the release with sem:package, or load it as a plain package tarball",
                releaseError(plain));
        assertEquals(
                "shop",
                PackageLoader.loadTarball(plain, dir.resolve("w")).descriptor().name());
    }

    @Test
    void anInvalidManifestIsNamed() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path invalid = tampered(
                release,
                "invalid.tar.gz",
                root -> Files.writeString(root.resolve(PackageManifest.FILE_NAME), "{\"format\": 1,"));
        String message = releaseError(invalid);
        assertTrue(message.startsWith(invalid + ": sem-package-manifest.json is not valid JSON ("), message);
        assertTrue(message.endsWith("); download it again or rebuild it"), message);
        assertFalse(message.contains("\n"), message);
    }

    @Test
    void aManifestOfAnotherPackageIsRefused() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path other = tampered(release, "other.tar.gz", root -> {
            PackageManifest m = PackageManifest.read(root);
            PackageManifest lie = new PackageManifest(
                    m.format(), "crm", m.version(), m.artifact(), m.tool(), m.dependencies(), m.files());
            Files.write(root.resolve(PackageManifest.FILE_NAME), lie.toBytes());
        });
        assertEquals(
                other + ": sem-package-manifest.json describes crm 1_0_0 but config.json is shop 1_0_0" + CHANGED,
                releaseError(other));
    }

    @Test
    void aDirectoryWithAManifestIsVerified() throws IOException {
        Path release = write("shop.tar.gz").archive();
        Path extracted = DistributionReader.extractAll(release, dir.resolve("x"), DistributionReader.DEFAULT_LIMITS)
                .resolve(TOP);
        assertEquals("shop", PackageLoader.load(extracted).descriptor().name());
        Files.writeString(extracted.resolve("functions/hello.sql"), "drop x;");
        String message = assertThrows(PackageException.class, () -> PackageLoader.load(extracted))
                .getMessage();
        assertTrue(
                message.startsWith(extracted + ": sem-package-manifest.json: functions/hello.sql does not match"),
                message);
    }
}

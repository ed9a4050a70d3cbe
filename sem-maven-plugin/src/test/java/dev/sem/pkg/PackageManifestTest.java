package dev.sem.pkg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sem.script.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading, writing and verifying {@link PackageManifest} on its own. */
class PackageManifestTest {

    private static final String SHA = Sha256.hex("x".getBytes(StandardCharsets.UTF_8));
    private static final String FIX = "; download it again or rebuild it";

    @TempDir
    Path dir;

    private static String error(String json) {
        return assertThrows(PackageException.class, () -> PackageManifest.parse(json.getBytes(StandardCharsets.UTF_8)))
                .getMessage();
    }

    private static String manifest(String files) {
        return "{\"format\": 1, \"package\": \"shop\", \"version\": \"1_0_0\", \"artifact\": null, \"tool\": \"t\","
                + " \"dependencies\": [], \"files\": [" + files + "]}";
    }

    @Test
    void writesAndReadsTheSameManifest() {
        PackageManifest m = PackageManifest.of(
                "shop",
                "1_0_0",
                null,
                "0.1.0",
                List.of("g:a:1"),
                Map.of("z.sql", new byte[] {1}, "config.json", new byte[] {2}, "a/b.sql", new byte[] {3}));
        assertEquals(List.of("a/b.sql", "config.json", "z.sql"), m.paths());
        PackageManifest read = PackageManifest.parse(m.toBytes());
        assertEquals(m, read);
        assertNull(read.artifact());
        assertEquals(Sha256.hex(new byte[] {3}), read.files().get(0).sha256());
    }

    @Test
    void invalidManifestsNameTheProblem() {
        assertEquals("sem-package-manifest.json is invalid: it must hold a JSON object" + FIX, error("[]"));
        assertEquals(
                "sem-package-manifest.json: format 2 is not supported (this sem reads format 1); use the sem version"
                        + " that wrote it, or rebuild the archive",
                error("{\"format\": 2}"));
        assertEquals(
                "sem-package-manifest.json is invalid: field 'package' must be a string" + FIX,
                error("{\"format\": 1}"));
        assertEquals(
                "sem-package-manifest.json is invalid: path '../x.sql' has an empty, '.' or '..' segment" + FIX,
                error(manifest("{\"path\": \"../x.sql\", \"sha256\": \"" + SHA + "\"}")));
        assertEquals(
                "sem-package-manifest.json is invalid: the sha256 of a.sql is not 64 lower-case hex digits" + FIX,
                error(manifest("{\"path\": \"a.sql\", \"sha256\": \"ABC\"}")));
        assertEquals(
                "sem-package-manifest.json is invalid: files are not sorted by path, each once (a.sql after b.sql)"
                        + FIX,
                error(manifest("{\"path\": \"b.sql\", \"sha256\": \"" + SHA + "\"}, {\"path\": \"a.sql\","
                        + " \"sha256\": \"" + SHA + "\"}")));
        assertEquals(
                "sem-package-manifest.json is invalid: field 'files' must be an array" + FIX,
                error(manifest("").replace("\"files\": []", "\"files\": {}")));
    }

    @Test
    void aMissingManifestIsNamed() {
        assertEquals(
                "sem-package-manifest.json is missing from " + dir + FIX,
                assertThrows(PackageException.class, () -> PackageManifest.read(dir))
                        .getMessage());
    }

    @Test
    void verifiesAPackageRoot() throws Exception {
        Files.writeString(dir.resolve("a.sql"), "x");
        PackageManifest m = PackageManifest.parse(
                manifest("{\"path\": \"a.sql\", \"sha256\": \"" + SHA + "\"}").getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(PackageManifest.FILE_NAME), m.toBytes());
        m.verify(dir);
        Files.createDirectories(dir.resolve("empty/dir"));
        m.verify(dir);
        Files.writeString(dir.resolve("empty/dir/b.sql"), "x");
        assertEquals(
                "sem-package-manifest.json: empty/dir/b.sql is not listed: the archive was changed after"
                        + " sem:package; download it again or rebuild it",
                assertThrows(PackageException.class, () -> m.verify(dir)).getMessage());
    }

    @Test
    void aManifestLinkingOutsideThePackageIsRefused(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("m.json"), "{}");
        Files.createSymbolicLink(dir.resolve(PackageManifest.FILE_NAME), elsewhere.resolve("m.json"));
        PackageException e = assertThrows(PackageException.class, () -> PackageManifest.read(dir));
        assertTrue(e.getMessage().startsWith(PackageManifest.FILE_NAME + " lies outside "), e.getMessage());
    }
}

package dev.sem.packaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import dev.sem.script.Script;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestTest {

    private static final Script A = script("20260101-000000.sql", "create table a (id int);\n");
    private static final Script B = script("20260102-000000.sql", "create table b (id int);\n");

    @TempDir
    Path dir;

    @Test
    void chainFollowsTheDocumentedFormula() throws Exception {
        Manifest manifest = Manifest.of("g:a:1.0.0", "0.1.0", "1.0.0", List.of(B, A));

        String shaA = sha("create table a (id int);\n".getBytes(StandardCharsets.UTF_8));
        String shaB = sha("create table b (id int);\n".getBytes(StandardCharsets.UTF_8));
        String chainA = sha(("0".repeat(64) + "20260101-000000.sql" + shaA).getBytes(StandardCharsets.UTF_8));
        String chainB = sha((chainA + "20260102-000000.sql" + shaB).getBytes(StandardCharsets.UTF_8));

        assertThat(manifest.scripts())
                .containsExactly(
                        new Manifest.Entry("20260101-000000.sql", shaA, chainA),
                        new Manifest.Entry("20260102-000000.sql", shaB, chainB));
        assertThat(manifest.chain()).isEqualTo(chainB);
        assertThat(Manifest.of(null, "0.1.0", null, List.of()).chain()).isEqualTo("0".repeat(64));
    }

    @Test
    void writesAndReadsBack() throws Exception {
        Manifest manifest = Manifest.of("g:a:1.0.0", "0.1.0", "1.0.0", List.of(B, A));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        manifest.write(out);
        String json = out.toString(StandardCharsets.UTF_8);

        assertThat(json).startsWith("{").endsWith("}\n").contains("\"formatVersion\" : 1");
        assertThat(json.indexOf("20260101-000000.sql")).isLessThan(json.indexOf("20260102-000000.sql"));
        Manifest read = Manifest.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(read).isEqualTo(manifest);
        assertThat(read.artifact()).isEqualTo("g:a:1.0.0");
        assertThat(read.version()).isEqualTo("1.0.0");
        assertThat(read.toolVersion()).isEqualTo("0.1.0");

        Manifest nulls = Manifest.of(null, "0.1.0", null, List.of());
        assertThat(Manifest.read(new ByteArrayInputStream(nulls.toBytes()))).isEqualTo(nulls);
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        String json = new String(Manifest.of(null, "0.1.0", null, List.of(A)).toBytes(), StandardCharsets.UTF_8)
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");

        assertThatThrownBy(() -> Manifest.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("formatVersion 2")
                .hasMessageContaining("reads only formatVersion 1");
    }

    @Test
    void rejectsMalformedJsonAndEditedChains() {
        assertThatThrownBy(() -> Manifest.read(new ByteArrayInputStream("{".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("not valid JSON");

        Manifest manifest = Manifest.of(null, "0.1.0", null, List.of(A, B));
        String edited = new String(manifest.toBytes(), StandardCharsets.UTF_8)
                .replace(manifest.scripts().get(0).sha256(), "f".repeat(64));
        assertThatThrownBy(() -> Manifest.read(new ByteArrayInputStream(edited.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("chain of 20260101-000000.sql");
    }

    @Test
    void verifiesAMatchingDistributionAndIgnoresNonCandidates() throws IOException {
        layout(A, B);
        Files.writeString(dir.resolve("scripts/.exists"), "");
        Files.writeString(dir.resolve("scripts/README.txt"), "notes");
        Files.writeString(dir.resolve("scripts/x.SQL"), "ignored by sem");
        Files.createDirectories(dir.resolve("scripts/old"));
        Files.writeString(dir.resolve("scripts/old/20200101-000000.sql"), "ignored by sem");

        assertThat(Manifest.verifyIfPresent(dir)).isEqualTo(Manifest.Check.VERIFIED);
    }

    @Test
    void reportsAMissingScript() throws IOException {
        layout(A, B);
        Files.delete(dir.resolve("scripts/20260102-000000.sql"));

        assertThatThrownBy(() -> Manifest.verifyIfPresent(dir))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("20260102-000000.sql is listed in sem-manifest.json but missing");
    }

    @Test
    void reportsAnExtraScript() throws IOException {
        layout(A);
        Files.writeString(dir.resolve("scripts/20260103-000000.sql"), "drop table a;");

        assertThatThrownBy(() -> Manifest.verifyIfPresent(dir))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("20260103-000000.sql is not listed in sem-manifest.json");
    }

    @Test
    void reportsAChecksumMismatchWithBothValues() throws IOException {
        Manifest manifest = layout(A, B);
        Files.writeString(dir.resolve("scripts/20260101-000000.sql"), "drop table a;");

        assertThatThrownBy(() -> Manifest.verifyIfPresent(dir))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(
                        "20260101-000000.sql has SHA-256 " + sha("drop table a;".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("lists " + manifest.scripts().get(0).sha256());
    }

    @Test
    void reportsAVersionMismatch() throws IOException {
        layout(A);
        Files.writeString(dir.resolve("VERSION"), "9.9.9");

        assertThatThrownBy(() -> Manifest.verifyIfPresent(dir))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("VERSION")
                .hasMessageContaining("'9.9.9'")
                .hasMessageContaining("'1.0.0'");
    }

    @Test
    void absentManifestIsReportedNotFailed() throws IOException {
        Files.createDirectories(dir.resolve("scripts"));
        assertThat(Manifest.verifyIfPresent(dir)).isEqualTo(Manifest.Check.ABSENT);
    }

    private Manifest layout(Script... scripts) throws IOException {
        Files.createDirectories(dir.resolve("scripts"));
        for (Script s : scripts) {
            Files.write(dir.resolve("scripts").resolve(s.name()), s.bytes());
        }
        Files.writeString(dir.resolve("VERSION"), "1.0.0");
        Manifest manifest = Manifest.of(null, "0.1.0", "1.0.0", List.of(scripts));
        Files.write(dir.resolve(Manifest.FILE_NAME), manifest.toBytes());
        return manifest;
    }

    static Script script(String name, String content) {
        return Script.of(name, content.getBytes(StandardCharsets.UTF_8));
    }

    static String sha(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aManifestLinkingOutsideTheDistributionIsRefused(@TempDir Path elsewhere) throws Exception {
        Files.writeString(elsewhere.resolve("m.json"), "{}");
        Files.createSymbolicLink(dir.resolve(Manifest.FILE_NAME), elsewhere.resolve("m.json"));
        assertThatThrownBy(() -> Manifest.verifyIfPresent(dir))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining(Manifest.FILE_NAME + "] lies outside ")
                .hasMessageContaining("rebuild the distribution");
    }
}

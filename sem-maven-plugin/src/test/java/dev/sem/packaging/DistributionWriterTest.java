package dev.sem.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.sem.SemException;
import dev.sem.script.Script;
import dev.sem.script.VersionFile;
import dev.sem.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributionWriterTest {

    private static final Instant TAG_TIME = Instant.parse("2026-11-21T07:19:33Z");

    @TempDir
    Path tmp;

    @Test
    void laysOutTheArchiveAsSemDoesWithNormalizedEntries() throws IOException {
        Path archive = DistributionWriter.write(request(scriptsFromSources()), tmp.resolve("dist"));

        assertThat(archive).isEqualTo(tmp.resolve("dist/db-1.2.3.tar.gz"));
        List<TarArchiveEntry> entries = TarFixtures.list(archive);
        assertThat(entries.stream().map(TarArchiveEntry::getName))
                .containsExactly(
                        "db-1.2.3/",
                        "db-1.2.3/scripts/",
                        "db-1.2.3/CHANGES",
                        "db-1.2.3/VERSION",
                        "db-1.2.3/scripts/.exists",
                        "db-1.2.3/scripts/20260101-000000.sql",
                        "db-1.2.3/scripts/20260102-000000.sql",
                        "db-1.2.3/sem-manifest.json");
        for (TarArchiveEntry e : entries) {
            assertThat(e.getMode() & 07777).as(e.getName()).isEqualTo(e.isDirectory() ? 0755 : 0644);
            assertThat(e.getLongUserId()).as(e.getName()).isZero();
            assertThat(e.getLongGroupId()).as(e.getName()).isZero();
            assertThat(e.getUserName()).as(e.getName()).isEmpty();
            assertThat(e.getGroupName()).as(e.getName()).isEmpty();
            assertThat(e.getModTime().toInstant()).as(e.getName()).isEqualTo(TAG_TIME);
        }

        byte[] bytes = Files.readAllBytes(archive);
        assertThat(bytes[3]).as("gzip FLG: no FNAME").isZero();
        assertThat(List.of(bytes[4], bytes[5], bytes[6], bytes[7]))
                .as("gzip MTIME")
                .containsOnly((byte) 0);
    }

    @Test
    void isByteIdenticalWhenBuiltAgain() throws Exception {
        Path first = DistributionWriter.write(request(scriptsFromSources()), tmp.resolve("one"));
        Files.setLastModifiedTime(tmp.resolve("src/a.sql"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        Files.setLastModifiedTime(tmp.resolve("src/b.sql"), FileTime.fromMillis(System.currentTimeMillis()));
        Thread.sleep(1100);
        Path second = DistributionWriter.write(request(scriptsFromSources()), tmp.resolve("two"));

        assertThat(ManifestTest.sha(Files.readAllBytes(second))).isEqualTo(ManifestTest.sha(Files.readAllBytes(first)));
    }

    @Test
    void gnuTarExtractsItAndTheReaderVerifiesIt() throws Exception {
        Path tar = Tools.require(Path.of("/usr/bin/tar"), "GNU tar");
        Path archive = DistributionWriter.write(request(scriptsFromSources()), tmp.resolve("dist"));
        Path out = Files.createDirectories(tmp.resolve("gnu"));

        Process list = new ProcessBuilder(tar.toString(), "tzf", archive.toString()).start();
        String listing = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(listing.lines())
                .containsExactly(
                        "db-1.2.3/",
                        "db-1.2.3/scripts/",
                        "db-1.2.3/CHANGES",
                        "db-1.2.3/VERSION",
                        "db-1.2.3/scripts/.exists",
                        "db-1.2.3/scripts/20260101-000000.sql",
                        "db-1.2.3/scripts/20260102-000000.sql",
                        "db-1.2.3/sem-manifest.json");

        Process p = new ProcessBuilder(tar.toString(), "xzf", archive.toString(), "-C", out.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();

        Path base = out.resolve("db-1.2.3");
        assertThat(Files.readString(base.resolve("VERSION"))).isEqualTo("1.2.3");
        assertThat(Files.readString(base.resolve("CHANGES"))).isEqualTo("changes\n");
        assertThat(Files.size(base.resolve("scripts/.exists"))).isZero();
        assertThat(Files.readString(base.resolve("scripts/20260101-000000.sql")))
                .isEqualTo("create table a();\n");
        assertThat(Manifest.verifyIfPresent(base)).isEqualTo(Manifest.Check.VERIFIED);

        Path ours = DistributionReader.extract(archive, tmp.resolve("ours"));
        assertThat(ours).isEqualTo(tmp.resolve("ours/db-1.2.3"));
        assertThat(Manifest.verifyIfPresent(ours)).isEqualTo(Manifest.Check.VERIFIED);
        Manifest manifest = Manifest.read(ours);
        assertThat(manifest.artifact()).isEqualTo("com.example:db:1.2.3");
        assertThat(manifest.version()).isEqualTo("1.2.3");
        assertThat(manifest.scripts()).hasSize(2);
    }

    @Test
    void replacesAnExistingArchiveAndLeavesNoTemporaryFiles() throws IOException {
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        Files.writeString(dist.resolve("db-1.2.3.tar.gz"), "old");

        Path archive = DistributionWriter.write(request(scriptsFromSources()), dist);

        assertThat(TarFixtures.list(archive)).hasSize(8);
        try (var files = Files.list(dist)) {
            assertThat(files).containsExactly(archive);
        }
    }

    @Test
    void packagesLongNamesAsPax() throws IOException {
        String longName = "2026" + "0".repeat(120) + "-000000.sql";
        Path archive =
                DistributionWriter.write(request(List.of(Script.of(longName, new byte[] {1}))), tmp.resolve("dist"));

        assertThat(TarFixtures.list(archive).stream().map(TarArchiveEntry::getName))
                .contains("db-1.2.3/scripts/" + longName);
    }

    @Test
    void validatesVersionWithSemsMessages() {
        assertThatThrownBy(() -> VersionFile.validate(" "))
                .isInstanceOf(SemException.class)
                .hasMessage("Version cannot be blank");
        String longVersion = "1".repeat(101);
        assertThatThrownBy(() -> VersionFile.validate(longVersion))
                .hasMessage("Version '" + longVersion + "' is 101 chars; max 100");
        assertThatThrownBy(() -> VersionFile.validate("1.0/evil"))
                .hasMessage("Version '1.0/evil' is invalid; only letters, digits, and . _ + - are allowed");
        VersionFile.validate("v1.2.3+build_4-rc");
    }

    @Test
    void refusesBadScriptNames() {
        for (String bad : List.of("../x.sql", "sub/x.sql", ".hidden.sql", "x.txt", ".exists")) {
            assertThatThrownBy(() -> DistributionWriter.write(
                            request(List.of(Script.of(bad, new byte[0]))), tmp.resolve("dist")))
                    .isInstanceOf(SemException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThat(tmp.resolve("dist/db-1.2.3.tar.gz")).doesNotExist();
    }

    private List<Script> scriptsFromSources() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        if (!Files.exists(src.resolve("a.sql"))) {
            Files.writeString(src.resolve("a.sql"), "create table a();\n");
            Files.writeString(src.resolve("b.sql"), "create table b();\n");
        }
        return List.of(
                Script.of("20260102-000000.sql", Files.readAllBytes(src.resolve("b.sql"))),
                Script.of("20260101-000000.sql", Files.readAllBytes(src.resolve("a.sql"))));
    }

    private static DistributionWriter.Request request(List<Script> scripts) {
        return new DistributionWriter.Request(
                "db", "1.2.3", "changes\n", scripts, "com.example:db:1.2.3", "0.1.0", TAG_TIME);
    }
}

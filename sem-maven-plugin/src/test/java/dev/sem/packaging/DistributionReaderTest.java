package dev.sem.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import dev.sem.SemException;
import dev.sem.script.Script;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributionReaderTest {

    @TempDir
    Path sandbox;

    static Stream<Arguments> hostileArchives() {
        return Stream.of(
                Arguments.of("dot-dot", base().file("../evil.sql", "drop"), "'..' segment"),
                Arguments.of("nested dot-dot", base().file("db-1/scripts/../../../evil.sql", "x"), "'..' segment"),
                Arguments.of("absolute", base().file("/abs.sql", "drop"), "absolute path"),
                Arguments.of("root as file", base().file(".", "x"), "archive root"),
                Arguments.of("drive letter", base().file("C:evil.sql", "drop"), "drive letter"),
                Arguments.of("backslash", base().file("db-1\\..\\evil.sql", "drop"), "backslash"),
                Arguments.of("symlink", base().symlink("db-1/scripts/link.sql", "/etc/passwd"), "symbolic link"),
                Arguments.of(
                        "symlink dir then file",
                        base().symlink("db-1/out", "..").file("db-1/out/evil.sql", "x"),
                        "symbolic link"),
                Arguments.of("hardlink", base().hardlink("db-1/scripts/h.sql", "/etc/passwd"), "hard link"),
                Arguments.of("char device", base().raw("db-1/dev", TarConstants.LF_CHR, null), "device"),
                Arguments.of("fifo", base().raw("db-1/fifo", TarConstants.LF_FIFO, null), "device or FIFO"),
                Arguments.of(
                        "duplicate file",
                        base().file("db-1/scripts/a.sql", "1").file("db-1/scripts/a.sql", "2"),
                        "more than once"),
                Arguments.of(
                        "file then directory", base().file("db-1/x", "1").file("db-1/x/y.sql", "2"), "below the file"));
    }

    private static TarFixtures base() {
        return new TarFixtures().dir("db-1/").dir("db-1/scripts/").file("db-1/scripts/20260101-000000.sql", "ok");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void refusesHostileArchivesAndWritesNothing(String label, TarFixtures fixture, String message) throws Exception {
        Path archives = Files.createDirectories(sandbox.resolve("archives"));
        Path archive = fixture.writeTo(archives.resolve("evil.tar.gz"));
        Path work = Files.createDirectories(sandbox.resolve("work"));
        Path target = work.resolve("target");

        assertThatThrownBy(() -> DistributionReader.extract(archive, target))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining(archive.toString())
                .hasMessageContaining(message);

        assertThat(target).doesNotExist();
        try (Stream<Path> all = Files.walk(sandbox)) {
            assertThat(all.filter(p -> !p.equals(sandbox))).containsExactlyInAnyOrder(archives, archive, work);
        }
    }

    @Test
    void readsASemRubyTarball() throws IOException {
        Path archive = new TarFixtures()
                .dir("mydb-0.0.2/")
                .dir("mydb-0.0.2/scripts/")
                .file("mydb-0.0.2/scripts/.exists", "")
                .file("mydb-0.0.2/scripts/20130318-105434.sql", "create table a();")
                .file("mydb-0.0.2/scripts/README.txt", "notes")
                .dir("mydb-0.0.2/scripts/archive/")
                .file("mydb-0.0.2/scripts/archive/20120101-000000.sql", "old")
                .file("mydb-0.0.2/scripts/" + "x".repeat(120) + ".sql", "long GNU name")
                .file("mydb-0.0.2/CHANGES", "Created: ...\n")
                .writeTo(sandbox.resolve("mydb-0.0.2.tar.gz"));

        Path base = DistributionReader.extract(archive, sandbox.resolve("out"));

        assertThat(base).isEqualTo(sandbox.resolve("out/mydb-0.0.2"));
        assertThat(base.resolve("scripts/20130318-105434.sql")).hasContent("create table a();");
        assertThat(base.resolve("scripts/archive/20120101-000000.sql")).hasContent("old");
        assertThat(base.resolve("scripts/" + "x".repeat(120) + ".sql")).hasContent("long GNU name");
        assertThat(base.resolve("scripts/.exists")).isEmptyFile();
        assertThat(base.resolve("VERSION")).doesNotExist();
        assertThat(Manifest.verifyIfPresent(base)).isEqualTo(Manifest.Check.ABSENT);
    }

    @Test
    void acceptsScriptsAtTheRootAndDotSlashNames() throws IOException {
        Path archive = new TarFixtures()
                .dir("./")
                .dir("./scripts/")
                .file("./scripts/20260101-000000.sql", "x")
                .file("./VERSION", "1.0.0")
                .writeTo(sandbox.resolve("root.tar.gz"));
        Path target = sandbox.resolve("out");

        assertThat(DistributionReader.extract(archive, target)).isEqualTo(target);
        assertThat(target.resolve("scripts/20260101-000000.sql")).hasContent("x");
        assertThat(target.resolve("VERSION")).hasContent("1.0.0");
    }

    @Test
    void roundTripsOurOwnArchive() throws IOException {
        Script script = Script.of("20260101-000000.sql", "select 1;".getBytes());
        Path archive = DistributionWriter.write(
                new DistributionWriter.Request(
                        "db", "0.0.1", "c\n", List.of(script), null, "0.1.0", Instant.parse("2026-01-01T00:00:00Z")),
                sandbox.resolve("dist"));

        Path base = DistributionReader.extract(archive, sandbox.resolve("out"));

        assertThat(base.getFileName()).hasToString("db-0.0.1");
        assertThat(Manifest.verifyIfPresent(base)).isEqualTo(Manifest.Check.VERIFIED);
        Files.writeString(base.resolve("scripts/20260101-000000.sql"), "select 2;");
        assertThatThrownBy(() -> Manifest.verifyIfPresent(base)).isInstanceOf(ManifestException.class);
    }

    @Test
    void enforcesSizeLimits() throws IOException {
        byte[] big = new byte[10_000];
        Path archive = base().file("db-1/scripts/big.sql", big)
                .file("db-1/scripts/big2.sql", big)
                .writeTo(sandbox.resolve("big.tar.gz"));

        assertThatThrownBy(() -> DistributionReader.extract(
                        archive, sandbox.resolve("a"), new DistributionReader.Limits(5_000, 1L << 30, 100)))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("big.sql")
                .hasMessageContaining("limit of 5000");
        assertThatThrownBy(() -> DistributionReader.extract(
                        archive, sandbox.resolve("b"), new DistributionReader.Limits(1L << 20, 15_000, 100)))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("more than 15000 bytes");
        assertThatThrownBy(() -> DistributionReader.extract(
                        archive, sandbox.resolve("c"), new DistributionReader.Limits(1L << 20, 1L << 30, 3)))
                .isInstanceOf(UnsafeArchiveException.class)
                .hasMessageContaining("more than 3 entries");
        assertThat(sandbox.resolve("a")).doesNotExist();
        assertThat(sandbox.resolve("b")).doesNotExist();
        assertThat(sandbox.resolve("c")).doesNotExist();
    }

    @Test
    void reportsTruncatedAndNonGzipFilesByName() throws IOException {
        byte[] payload = new byte[200_000];
        new Random(42).nextBytes(payload);
        Path good = base().file("db-1/scripts/random.sql", payload).writeTo(sandbox.resolve("good.tar.gz"));
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(sandbox.resolve("truncated.tar.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        Path text = Files.writeString(sandbox.resolve("text.tar.gz"), "not an archive");

        assertThatThrownBy(() -> DistributionReader.extract(truncated, sandbox.resolve("t")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("Cannot read distribution " + truncated)
                .hasMessageContaining("truncated, corrupt or not a .tar.gz")
                .hasMessageNotContaining("null");
        assertThatThrownBy(() -> DistributionReader.extract(text, sandbox.resolve("u")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("Cannot read distribution " + text);
        assertThatThrownBy(() -> DistributionReader.extract(sandbox.resolve("none.tar.gz"), sandbox.resolve("v")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("none.tar.gz does not exist");
        assertThat(sandbox.resolve("t")).doesNotExist();
        assertThat(sandbox.resolve("u")).doesNotExist();
    }

    @Test
    void refusesANonEmptyTargetAndArchivesWithoutScripts() throws IOException {
        Path archive = base().writeTo(sandbox.resolve("ok.tar.gz"));
        Path target = Files.createDirectories(sandbox.resolve("busy"));
        Files.writeString(target.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> DistributionReader.extract(archive, target))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("not empty");
        assertThat(target.resolve("keep.txt")).hasContent("mine");

        Path noScripts = new TarFixtures().dir("x/").file("x/VERSION", "1").writeTo(sandbox.resolve("n.tar.gz"));
        assertThatThrownBy(() -> DistributionReader.extract(noScripts, sandbox.resolve("n")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("has no x/scripts/ directory");
        Path twoRoots = new TarFixtures().dir("a/scripts/").dir("b/scripts/").writeTo(sandbox.resolve("two.tar.gz"));
        assertThatThrownBy(() -> DistributionReader.extract(twoRoots, sandbox.resolve("m")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("[a, b]");
    }
}

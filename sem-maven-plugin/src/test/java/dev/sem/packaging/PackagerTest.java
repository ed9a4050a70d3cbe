package dev.sem.packaging;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.script.Sha256;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackagerTest {

    private static final Instant START = Instant.parse("2026-11-21T07:19:33Z");
    private static final String A = "20261121-071000.sql";
    private static final String B = "20261121-072000.sql";

    @TempDir
    Path tmp;

    private Path repoDir;
    private Path out;
    private Git git;
    private Instant time = START;

    @BeforeEach
    void initRepository() throws Exception {
        repoDir = Files.createDirectories(tmp.resolve("db"));
        out = tmp.resolve("target");
        git = Git.init().setDirectory(repoDir.toFile()).setInitialBranch("main").call();
    }

    @AfterEach
    void closeRepository() {
        git.close();
    }

    @Test
    void packagesTheCommittedScriptsWithSemsLayout() throws Exception {
        RevCommit head = commitTwoScripts();

        Packager.Result result = Packager.build(request("1.2.3"));

        Path archive = out.resolve("db-1.2.3.tar.gz");
        assertThat(result.archive()).isEqualTo(archive);
        assertThat(result.version()).isEqualTo("1.2.3");
        assertThat(result.coordinates()).isEqualTo("com.example:db:1.2.3");
        assertThat(result.commit()).isEqualTo(head.getName());
        assertThat(result.scripts()).containsExactly(A, B);
        assertThat(result.outputTimestamp()).isEqualTo(Instant.ofEpochSecond(head.getCommitTime()));
        assertThat(result.sha256()).isEqualTo(Sha256.hex(Files.readAllBytes(archive)));
        assertThat(result.replacedExisting()).isFalse();
        assertThat(result.warnings()).isEmpty();

        Map<String, byte[]> entries = read(archive);
        assertThat(entries.keySet())
                .containsExactly(
                        "db-1.2.3/",
                        "db-1.2.3/scripts/",
                        "db-1.2.3/CHANGES",
                        "db-1.2.3/VERSION",
                        "db-1.2.3/scripts/.exists",
                        "db-1.2.3/scripts/" + A,
                        "db-1.2.3/scripts/" + B,
                        "db-1.2.3/sem-manifest.json");
        assertThat(text(entries, "db-1.2.3/VERSION")).isEqualTo("1.2.3");
        assertThat(text(entries, "db-1.2.3/scripts/" + A)).isEqualTo("create table a (id int);\n");
        String shortHead = head.abbreviate(7).name();
        assertThat(text(entries, "db-1.2.3/CHANGES"))
                .matches("Created: 2026-11-21 07:21:33 UTC\n"
                        + "Git Tag: 1.2.3\n"
                        + "\n"
                        + "git log --pretty=format:\"%h %ad \\| %s%d \\[%an\\]\" --date=short -10:\n"
                        + "  " + shortHead + " 2026-11-21 \\| Add b \\(HEAD -> main\\) \\[Jane Doe\\]\n"
                        + "  [0-9a-f]{7} 2026-11-21 \\| Add a \\[Jane Doe\\]\n");
        try (InputStream in = new ByteArrayInputStream(entries.get("db-1.2.3/sem-manifest.json"))) {
            Manifest manifest = Manifest.read(in);
            assertThat(manifest.artifact()).isEqualTo("com.example:db:1.2.3");
            assertThat(manifest.version()).isEqualTo("1.2.3");
            assertThat(manifest.toolVersion()).isEqualTo("0.1.0-test");
            assertThat(manifest.scripts()).extracting(Manifest.Entry::name).containsExactly(A, B);
            assertThat(manifest.chain()).isEqualTo(result.chain());
        }
        try (TarArchiveInputStream tar = open(archive)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                assertThat(e.getModTime().toInstant()).as(e.getName()).isEqualTo(result.outputTimestamp());
            }
        }
    }

    @Test
    void takesOnlyTrackedTopLevelSqlFilesNeverTheWorkingTree() throws Exception {
        write("scripts/" + A, "create table a (id int);\n");
        write("scripts/.exists", "");
        write("scripts/README.txt", "not a script\n");
        write("scripts/old/20200101-000000.sql", "select 1;\n");
        write("scripts/.hidden.sql", "select 2;\n");
        commit("Add scripts");
        write("scripts/" + A, "drop table everything;\n");
        write("scripts/" + B, "create table b (id int);\n");

        Packager.Result result = Packager.build(request("1.0.0", true));

        Map<String, byte[]> entries = read(result.archive());
        assertThat(entries.keySet().stream().filter(n -> n.startsWith("db-1.0.0/scripts/")))
                .containsExactly("db-1.0.0/scripts/", "db-1.0.0/scripts/.exists", "db-1.0.0/scripts/" + A);
        assertThat(text(entries, "db-1.0.0/scripts/" + A)).isEqualTo("create table a (id int);\n");
        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("sem.package.allowDirty=true", A, B, "not in the archive");
    }

    @Test
    void refusesModifiedScriptsNamingThemAndTheOverride() throws Exception {
        commitTwoScripts();
        write("scripts/" + A, "create table a (id bigint);\n");
        Files.delete(repoDir.resolve("scripts/" + B));

        assertThatThrownBy(() -> Packager.build(request("1.2.3")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("modified or deleted since HEAD")
                .hasMessageContaining(A + ", " + B)
                .hasMessageContaining("package HEAD anyway with package.allowDirty=true")
                .satisfies(suggests(Option.PACKAGE_ALLOW_DIRTY));
        assertThat(out.resolve("db-1.2.3.tar.gz")).doesNotExist();
    }

    @Test
    void refusesUntrackedAndOnlyStagedScripts() throws Exception {
        commitTwoScripts();
        write("scripts/20261122-000000.sql", "select 1;\n");
        write("scripts/20261123-000000.sql", "select 2;\n");
        git.add().addFilepattern("scripts/20261123-000000.sql").call();

        assertThatThrownBy(() -> Packager.build(request("1.2.3")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("not committed (untracked or only staged)")
                .hasMessageContaining("20261122-000000.sql, 20261123-000000.sql")
                .hasMessageContaining("package HEAD anyway with package.allowDirty=true")
                .satisfies(suggests(Option.PACKAGE_ALLOW_DIRTY))
                .hasMessageNotContaining("modified or deleted");
    }

    @Test
    void ignoresChangesOutsideScripts() throws Exception {
        commitTwoScripts();
        write("README.md", "edited\n");
        write("notes.sql", "select 1;\n");

        assertThat(Packager.build(request("1.2.3")).warnings()).isEmpty();
    }

    @Test
    void takesTheVersionFromTheReleaseTagAtHead() throws Exception {
        commitTwoScripts();
        git.tag().setName("v1.2.3").setMessage("v1.2.3").setSigned(false).call();
        commit("Unrelated later commit");
        git.checkout().setName("v1.2.3").call();

        Packager.Result result = Packager.build(fromTag("1.2.3"));

        assertThat(result.version()).isEqualTo("v1.2.3");
        assertThat(result.coordinates()).isEqualTo("com.example:db:1.2.3");
        assertThat(result.warnings()).isEmpty();
        Map<String, byte[]> entries = read(result.archive());
        assertThat(result.archive()).hasFileName("db-v1.2.3.tar.gz");
        assertThat(text(entries, "db-v1.2.3/VERSION")).isEqualTo("v1.2.3");
        assertThat(text(entries, "db-v1.2.3/CHANGES"))
                .contains("Git Tag: v1.2.3\n")
                .contains("| Add b (HEAD, tag: v1.2.3) [Jane Doe]\n")
                .doesNotContain("Unrelated");
    }

    @Test
    void warnsWhenTheProjectVersionDiffersFromTheTag() throws Exception {
        commitTwoScripts();
        git.tag().setName("2.0.0").setAnnotated(false).call();

        Packager.Result result = Packager.build(fromTag("1.0.0-SNAPSHOT"));

        assertThat(result.version()).isEqualTo("2.0.0");
        assertThat(result.coordinates()).isEqualTo("com.example:db:1.0.0-SNAPSHOT");
        assertThat(result.warnings()).singleElement().asString().contains("1.0.0-SNAPSHOT", "2.0.0");
    }

    @Test
    void refusesFromGitTagWithoutAReleaseTagAtHeadNamingTheTagsAndHowToTag() throws Exception {
        RevCommit first = commit("Initial", "scripts/" + A, "select 1;\n");
        git.tag().setName("r0.0.1").setAnnotated(false).call();
        commit("Second", "scripts/" + B, "select 2;\n");
        git.tag().setName("release-candidate").setAnnotated(false).call();

        assertThatThrownBy(() -> Packager.build(fromTag(null)))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("has no release tag")
                .hasMessageContaining("not release tags (x.y.z, optionally prefixed like v1.2.3): release-candidate")
                .hasMessageContaining("Release tags found: r0.0.1 (latest r0.0.1 on "
                        + first.abbreviate(7).name() + ")")
                .hasMessageContaining("git tag -a -m r0.0.2 r0.0.2");
    }

    @Test
    void refusesFromGitTagInARepositoryWithoutTags() throws Exception {
        commitTwoScripts();

        assertThatThrownBy(() -> Packager.build(fromTag(null)))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("no release tags")
                .hasMessageContaining("git tag -a -m 0.0.1 0.0.1");
    }

    @Test
    void isByteIdenticalWhenBuiltTwiceFromTheSameCommit() throws Exception {
        commitTwoScripts();
        Path firstDir = tmp.resolve("first");

        Packager.Result first = Packager.build(new Packager.Request(
                repoDir, "com.example", "db", "1.2.3", false, firstDir, null, false, "0.1.0-test"));
        Files.setLastModifiedTime(repoDir.resolve("scripts/" + A), FileTime.from(Instant.now()));
        Thread.sleep(1100);
        Packager.Result second = Packager.build(request("1.2.3"));
        Packager.Result again = Packager.build(request("1.2.3"));

        assertThat(second.sha256()).isEqualTo(first.sha256());
        assertThat(Files.readAllBytes(second.archive())).isEqualTo(Files.readAllBytes(first.archive()));
        assertThat(again.replacedExisting()).isTrue();
        assertThat(again.sha256()).isEqualTo(first.sha256());
    }

    @Test
    void usesTheGivenOutputTimestamp() throws Exception {
        commitTwoScripts();
        Instant given = Instant.parse("2030-01-02T03:04:05Z");

        Packager.Result result = Packager.build(
                new Packager.Request(repoDir, null, "db", "1.2.3", false, out, given, false, "0.1.0-test"));

        assertThat(result.outputTimestamp()).isEqualTo(given);
        assertThat(result.coordinates()).isNull();
        assertThat(text(read(result.archive()), "db-1.2.3/CHANGES")).startsWith("Created: 2030-01-02 03:04:05 UTC\n");
    }

    @Test
    void aSnapshotVersionNamesTheArchiveButLeavesVersionEmpty() throws Exception {
        commitTwoScripts();

        Packager.Result result = Packager.build(request("1.3.0-SNAPSHOT"));

        Map<String, byte[]> entries = read(result.archive());
        assertThat(result.archive()).hasFileName("db-1.3.0-SNAPSHOT.tar.gz");
        assertThat(text(entries, "db-1.3.0-SNAPSHOT/VERSION")).isEmpty();
        assertThat(text(entries, "db-1.3.0-SNAPSHOT/sem-manifest.json")).doesNotContain("\"version\" : \"1.3.0");
        assertThat(result.warnings())
                .singleElement()
                .asString()
                .contains("VERSION is left empty", "1.3.0-SNAPSHOT", "sem.allowSnapshotVersion=true");
    }

    @Test
    void aSnapshotVersionGoesIntoVersionOnlyWhenAllowed() throws Exception {
        commitTwoScripts();

        Packager.Result result = Packager.build(new Packager.Request(
                repoDir, "com.example", "db", "1.3.0-SNAPSHOT", false, out, null, false, "0.1.0-test", null, true));

        assertThat(text(read(result.archive()), "db-1.3.0-SNAPSHOT/VERSION")).isEqualTo("1.3.0-SNAPSHOT");
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void packagesTheScriptsOfAnOlderTagWhateverHeadAndTheWorkTreeHold() throws Exception {
        write("scripts/.exists", "");
        RevCommit first = commit("Add a", "scripts/" + A, "create table a (id int);\n");
        git.tag()
                .setName("v1.0.0")
                .setMessage("v1.0.0")
                .setAnnotated(true)
                .setSigned(false)
                .call();
        commit("Add b", "scripts/" + B, "create table b (id int);\n");
        git.tag().setName("v1.1.0").setAnnotated(false).call();
        write("scripts/20261121-073000.sql", "uncommitted");

        Packager.Result result = Packager.build(new Packager.Request(
                repoDir,
                "com.example",
                "db",
                "2.0.0-SNAPSHOT",
                false,
                out,
                null,
                false,
                "0.1.0-test",
                "v1.0.0",
                false));

        Map<String, byte[]> entries = read(result.archive());
        assertThat(result.archive()).hasFileName("db-v1.0.0.tar.gz");
        assertThat(result.version()).isEqualTo("v1.0.0");
        assertThat(result.commit()).isEqualTo(first.getName());
        assertThat(result.scripts()).containsExactly(A);
        assertThat(result.warnings()).isEmpty();
        assertThat(text(entries, "db-v1.0.0/VERSION")).isEqualTo("v1.0.0");
        assertThat(entries).containsKey("db-v1.0.0/scripts/" + A).doesNotContainKey("db-v1.0.0/scripts/" + B);
        assertThat(text(entries, "db-v1.0.0/CHANGES"))
                .contains("Git Tag: v1.0.0\n")
                .contains("Add a")
                .doesNotContain("Add b");
        assertThat(result.outputTimestamp()).isEqualTo(Instant.ofEpochSecond(first.getCommitTime()));
    }

    @Test
    void aTagToPackageMustExistExactly() throws Exception {
        commitTwoScripts();
        git.tag().setName("1.0.0").setAnnotated(false).call();

        assertThatThrownBy(() -> Packager.build(new Packager.Request(
                        repoDir, "com.example", "db", "1.0.0", false, out, null, false, "0.1.0-test", "1.0", false)))
                .isInstanceOf(SemException.class)
                .hasMessage("Tag[1.0] not found. Check git tag -l");
        assertThat(out).doesNotExist();
    }

    @Test
    void validatesTheVersionWithSemsMessages() throws Exception {
        commitTwoScripts();

        assertThatThrownBy(() -> Packager.build(request("1.0 beta")))
                .isInstanceOf(SemException.class)
                .hasMessage("Version '1.0 beta' is invalid; only letters, digits, and . _ + - are allowed");
        assertThatThrownBy(() -> Packager.build(request(" ")))
                .isInstanceOf(SemException.class)
                .hasMessage("Version cannot be blank");
    }

    @Test
    void packagesAModuleInsideALargerRepository() throws Exception {
        write("other/scripts/20200101-000000.sql", "select 0;\n");
        commit("Module", "schema/scripts/" + A, "select 1;\n");

        Packager.Result result = Packager.build(new Packager.Request(
                repoDir.resolve("schema"), "com.example", "db", "1.0.0", false, out, null, false, "0.1.0-test"));

        assertThat(result.scripts()).containsExactly(A);
    }

    @Test
    void refusesADirectoryOutsideGit() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain/scripts")).getParent();

        assertThatThrownBy(() -> Packager.build(new Packager.Request(
                        plain, "com.example", "db", "1.0.0", false, out, null, false, "0.1.0-test")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("needs a git work tree")
                .hasMessageContaining("run git init and commit scripts/");
    }

    @Test
    void refusesARepositoryWithoutCommitsOrWithoutScripts() throws Exception {
        Files.createDirectories(repoDir.resolve("scripts"));
        assertThatThrownBy(() -> Packager.build(request("1.0.0")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("has no commit yet");

        commit("Readme", "README.md", "hi\n");
        Files.delete(repoDir.resolve("scripts"));
        assertThatThrownBy(() -> Packager.build(request("1.0.0")))
                .isInstanceOf(SemException.class)
                .hasMessage("Dir[" + repoDir.toAbsolutePath().normalize().resolve("scripts") + "] does not exist");
    }

    @Test
    void theReaderVerifiesTheArchiveAndCatchesATamperedScript() throws Exception {
        commitTwoScripts();
        Packager.Result result = Packager.build(request("1.2.3"));

        Path good = DistributionReader.extract(result.archive(), tmp.resolve("good"));
        assertThat(Manifest.verifyIfPresent(good)).isEqualTo(Manifest.Check.VERIFIED);

        Path tampered = tamper(result.archive(), "db-1.2.3/scripts/" + A, "drop table a;\n");
        Path bad = DistributionReader.extract(tampered, tmp.resolve("bad"));
        assertThat(bad.resolve("scripts/" + A)).hasContent("drop table a;");
        assertThatThrownBy(() -> Manifest.verifyIfPresent(bad))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("Script " + bad.resolve("scripts/" + A))
                .hasMessageContaining("the distribution was modified, use the original one");
    }

    // --- fixtures ---

    private RevCommit commitTwoScripts() throws Exception {
        write("scripts/.exists", "");
        commit("Add a", "scripts/" + A, "create table a (id int);\n");
        return commit("Add b", "scripts/" + B, "create table b (id int);\n");
    }

    private Packager.Request request(String version) {
        return request(version, false);
    }

    private Packager.Request request(String version, boolean allowDirty) {
        return new Packager.Request(repoDir, "com.example", "db", version, false, out, null, allowDirty, "0.1.0-test");
    }

    private Packager.Request fromTag(String projectVersion) {
        return new Packager.Request(repoDir, "com.example", "db", projectVersion, true, out, null, false, "0.1.0-test");
    }

    private void write(String path, String content) throws IOException {
        Path file = repoDir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private RevCommit commit(String message, String path, String content) throws Exception {
        write(path, content);
        return commit(message);
    }

    private RevCommit commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        time = time.plusSeconds(60);
        PersonIdent jane = new PersonIdent("Jane Doe", "jane@example.com", time, ZoneId.of("UTC"));
        return git.commit()
                .setMessage(message)
                .setAuthor(jane)
                .setCommitter(jane)
                .setSign(false)
                .setAllowEmpty(true)
                .call();
    }

    private static TarArchiveInputStream open(Path tarGz) throws IOException {
        return new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(tarGz)));
    }

    /** Entry names in archive order, with their bytes. */
    private static Map<String, byte[]> read(Path tarGz) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = open(tarGz)) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), tar.readAllBytes());
            }
        }
        return entries;
    }

    private static String text(Map<String, byte[]> entries, String name) {
        assertThat(entries).containsKey(name);
        return new String(entries.get(name), StandardCharsets.UTF_8);
    }

    /** A copy of {@code tarGz} in which {@code name} holds {@code content}; every other entry is copied unchanged. */
    private Path tamper(Path tarGz, String name, String content) throws IOException {
        Path copy = tmp.resolve("tampered.tar.gz");
        try (TarArchiveInputStream in = open(tarGz);
                OutputStream file = Files.newOutputStream(copy);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().equals(name)) {
                    bytes = content.getBytes(StandardCharsets.UTF_8);
                    e.setSize(bytes.length);
                }
                tar.putArchiveEntry(e);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return copy;
    }
}

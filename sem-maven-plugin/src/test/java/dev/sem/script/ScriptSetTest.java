package dev.sem.script;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sem.EngineLog;
import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptSetTest {

    @TempDir
    Path base;

    private Path scripts() throws IOException {
        return Files.createDirectories(base.resolve("scripts"));
    }

    private void file(String relative, String content) throws IOException {
        Path p = base.resolve("scripts").resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    @Test
    void candidatesAreTopLevelLowerCaseSqlFilesInByteOrder() throws IOException {
        scripts();
        file("20240102-000000.sql", "select 2;");
        file("20240101-000000.sql", "select 1;");
        file("120101-000000.sql", "select 0;");
        file("2024010-000000.sql", "select 3;");
        file(".exists", "");
        file(".20240101-000001.sql", "hidden");
        file("README.md", "docs");
        Files.createDirectory(base.resolve("scripts/20240103-000000.sql"));

        ScriptSet set = ScriptSet.scan(base);
        assertThat(set.scripts())
                .extracting(Script::name)
                .containsExactly(
                        "120101-000000.sql", "2024010-000000.sql", "20240101-000000.sql", "20240102-000000.sql");
        assertThat(set.invalidNames()).isEmpty();
        assertThat(set.warnings()).singleElement().asString().contains("is a directory");
    }

    @Test
    void byteOrderIsNotLengthOrNumericOrder() throws IOException {
        scripts();
        file("9999999-000000.sql", "");
        file("10000000-000000.sql", "");
        assertThat(ScriptSet.scan(base).scripts())
                .extracting(Script::name)
                .containsExactly("10000000-000000.sql", "9999999-000000.sql");
    }

    @Test
    void byteOrderOfUtf8NotUtf16() {
        // U+FF21 (3 UTF-8 bytes EF BC A1) vs U+1F600 (4 bytes F0 ...): UTF-16 order puts the emoji (D83D) first.
        List<String> names = new ArrayList<>(List.of("\uFF21.sql", "\uD83D\uDE00.sql"));
        names.sort(ScriptSet.BYTE_ORDER);
        assertThat(names).containsExactly("\uFF21.sql", "\uD83D\uDE00.sql");
    }

    @Test
    void byteOrderAgreesWithComparingTheUtf8Bytes() {
        String[] pieces = {
            "a", "Z", "0", "-", ".sql", "\u00e9", "\uFF21", "\uE000", "\uD83D\uDE00", "\uD83D\uDE01", "\uD800"
        };
        java.util.Random random = new java.util.Random(42);
        for (int n = 0; n < 20_000; n++) {
            String a = randomName(random, pieces);
            String b = randomName(random, pieces);
            int expected = Integer.signum(java.util.Arrays.compareUnsigned(
                    a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    b.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(Integer.signum(ScriptSet.BYTE_ORDER.compare(a, b)))
                    .as("%s vs %s", a, b)
                    .isEqualTo(expected);
        }
    }

    private static String randomName(java.util.Random random, String[] pieces) {
        StringBuilder name = new StringBuilder();
        for (int i = random.nextInt(5); i >= 0; i--) {
            name.append(pieces[random.nextInt(pieces.length)]);
        }
        return name.toString();
    }

    @Test
    void invalidNamesAreCollectedAndReportedTogether() throws IOException {
        scripts();
        file("foo.sql", "");
        file("20240101-000000.sql", "");
        file("2024-01-01.sql", "");
        ScriptSet set = ScriptSet.scan(base);
        assertThat(set.scripts()).extracting(Script::name).containsExactly("20240101-000000.sql");
        assertThat(set.invalidNames()).containsExactly("2024-01-01.sql", "foo.sql");
        assertThat(set.invalidNamesMessage())
                .hasValueSatisfying(message -> assertThat(message.toString())
                        .isEqualTo("Invalid filename[2024-01-01.sql]. Must be like: 20120503-173242.sql; "
                                + "Invalid filename[foo.sql]. Must be like: 20120503-173242.sql (2 files). Rename them"
                                + " with mvn sem:add file=./scripts/2024-01-01.sql; mvn sem:add"
                                + " file=./scripts/foo.sql (sem:add moves a file to a new timestamp name and stages"
                                + " it; never rename a script that was already applied), or move them out of"
                                + " scripts/"));
    }

    @Test
    void validNamesPassTheCheck() throws IOException {
        scripts();
        file("20240101-000000.sql", "");
        assertThat(ScriptSet.scan(base).invalidNamesMessage()).isEmpty();
    }

    @Test
    void nearMissNamesAreWarnings() throws IOException {
        scripts();
        file("20240101-000000.SQL", "");
        file("20240101-000001.sql.bak", "");
        file("20240101-000002.Sql", "");
        file("notes.txt", "");
        file("old/20230101-000000.sql", "");
        file("old/deeper/20220101-000000.sql", "");
        file("old/helper.sql", "");
        ScriptSet set = ScriptSet.scan(base);
        assertThat(set.scripts()).isEmpty();
        assertThat(set.invalidNames()).isEmpty();
        assertThat(set.warnings()).hasSize(5);
        assertThat(String.join("\n", set.warnings()))
                .contains("20240101-000000.SQL] is ignored: only names ending in lower-case .sql")
                .contains("20240101-000002.Sql] is ignored")
                .contains("20240101-000001.sql.bak] is ignored: it does not end in .sql")
                .contains("old/20230101-000000.sql] is in a subdirectory")
                .contains("old/deeper/20220101-000000.sql] is in a subdirectory")
                .doesNotContain("helper.sql")
                .doesNotContain("notes.txt");
    }

    @Test
    void missingScriptsDir() {
        assertThatThrownBy(() -> ScriptSet.scan(base))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("Dir[" + base.resolve("scripts") + "] does not exist; ");
    }

    @Test
    void aPackageProjectIsNamedAsSuchWhenScriptsAreAsked() throws IOException {
        Files.writeString(base.resolve("config.json"), "{}");
        assertThatThrownBy(() -> ScriptSet.scan(base))
                .isInstanceOf(SemException.class)
                .hasMessage("Dir[" + base.resolve("scripts") + "] does not exist: " + base + " holds config.json, so it"
                        + " is a package, not a schema repository; deploy it with sem:deploy-package");
    }

    @Test
    void scriptsIsAFile() throws IOException {
        Files.writeString(base.resolve("scripts"), "");
        assertThatThrownBy(() -> ScriptSet.scan(base)).hasMessageContaining("is not a directory");
    }

    @Test
    void scriptIsReadOnceAndHashed() throws IOException {
        scripts();
        file("20240101-000000.sql", "select 1;\n");
        Script f = ScriptSet.scan(base).scripts().get(0);
        assertThat(f.sha256()).isEqualTo(Sha256.hex("select 1;\n".getBytes(StandardCharsets.UTF_8)));
        Files.writeString(base.resolve("scripts").resolve(f.name()), "changed"); // already read: the content is kept
        assertThat(new String(f.bytes(), StandardCharsets.UTF_8)).isEqualTo("select 1;\n");
        Script read = new ScriptReader(base, ScriptReader.Options.defaults(), EngineLog.silent()).read(f);
        assertThat(read.text()).isEqualTo("select 1;\n");
        assertThat(read.attributes().mode()).isEqualTo(TransactionMode.SINGLE);
    }

    @Test
    void unreadableScriptIsAnEnvironmentError() {
        assertThatThrownBy(() -> ScriptReader.load("20240101-000000.sql", base.resolve("gone.sql")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("gone.sql")
                .satisfies(e -> assertThat(((SemException) e).isUserError()).isFalse());
    }

    @Test
    void aLinkToAnotherFileInsideScriptsIsFollowed() throws IOException {
        scripts();
        file("20240101-000000.sql", "select 1;\n");
        Files.createSymbolicLink(base.resolve("scripts/20240102-000000.sql"), Path.of("20240101-000000.sql"));
        assertThat(ScriptSet.scan(base).scripts())
                .extracting(Script::name)
                .containsExactly("20240101-000000.sql", "20240102-000000.sql");
    }

    @Test
    void aLinkLeavingScriptsIsRefusedBeforeAnythingIsRead() throws IOException {
        scripts();
        file("20240101-000000.sql", "select 1;\n");
        Files.writeString(base.resolve("other.sql"), "select 'TOP-SECRET';\n");
        Files.createSymbolicLink(base.resolve("scripts/20240102-000000.sql"), base.resolve("other.sql"));
        assertThatThrownBy(() -> ScriptSet.scan(base))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("20240102-000000.sql] is a symbolic link to ")
                .hasMessageContaining("scripts are read only from inside scripts/")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void aBrokenLinkIsRefused() throws IOException {
        scripts();
        Files.createSymbolicLink(base.resolve("scripts/20240102-000000.sql"), Path.of("gone.sql"));
        assertThatThrownBy(() -> ScriptSet.scan(base))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("is a symbolic link whose target does not exist");
    }

    @Test
    void scriptsMayBeALinkInsideTheBaseDirectoryButNotOutside(@TempDir Path elsewhere) throws IOException {
        Files.createDirectories(base.resolve("sql"));
        Files.writeString(base.resolve("sql/20240101-000000.sql"), "select 1;\n");
        Files.createSymbolicLink(base.resolve("scripts"), Path.of("sql"));
        assertThat(ScriptSet.scan(base).scripts()).hasSize(1);

        Path other = Files.createDirectories(elsewhere.resolve("base"));
        Files.createSymbolicLink(other.resolve("scripts"), base.resolve("sql"));
        assertThatThrownBy(() -> ScriptSet.scan(other))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("scripts] is a symbolic link to ")
                .hasMessageContaining("replace the link with the folder");
    }
}

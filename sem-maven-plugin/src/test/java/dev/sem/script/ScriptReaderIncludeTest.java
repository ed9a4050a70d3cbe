package dev.sem.script;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.sql.SqlStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code \i} and {@code \ir} stay inside the base directory and read regular files only. */
class ScriptReaderIncludeTest {

    private static final String NAME = "20240101-000000.sql";

    @TempDir
    Path dir;

    private Path base() throws IOException {
        return Files.createDirectories(dir.resolve("repo"));
    }

    private Script read(String text) throws IOException {
        Path scripts = Files.createDirectories(base().resolve("scripts"));
        Files.writeString(scripts.resolve(NAME), text);
        Script script = ScriptReader.load(NAME, scripts.resolve(NAME));
        return new ScriptReader(base(), ScriptReader.Options.defaults(), EngineLog.silent()).read(script);
    }

    @Test
    void includesInsideTheBaseDirectoryAreRead_throughDotDotAndThroughALinkInside() throws IOException {
        Path lib = Files.createDirectories(base().resolve("lib"));
        Files.writeString(lib.resolve("a.sql"), "select 'a';\n");
        Files.createSymbolicLink(lib.resolve("link.sql"), lib.resolve("a.sql"));

        Script script = read("\\ir ../lib/a.sql\n\\i lib/link.sql\n");

        assertThat(script.parsed().statements())
                .extracting(SqlStatement::file)
                .containsExactly("lib/a.sql", "lib/link.sql");
    }

    @Test
    void anIncludeOutsideTheBaseDirectoryIsRefusedWithoutShowingTheFile() throws IOException {
        Files.writeString(dir.resolve("secret.sql"), "select 'TOP-SECRET';\n");

        assertThatThrownBy(() -> read("select 1;\n\\ir ../../secret.sql\n"))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("File[./scripts/" + NAME + "] line 2: \\ir ../../secret.sql: the file lies"
                        + " outside the base directory ")
                .hasMessageContaining("copy the file into the repository")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void anAbsoluteIncludeOrALinkLeavingTheBaseDirectoryIsRefused() throws IOException {
        Files.writeString(dir.resolve("secret.sql"), "select 'TOP-SECRET';\n");
        Files.createSymbolicLink(base().resolve("inc.sql"), dir.resolve("secret.sql"));

        assertThatThrownBy(() -> read("\\i " + dir.resolve("secret.sql") + "\n"))
                .hasMessageContaining("lies outside the base directory")
                .hasMessageNotContaining("TOP-SECRET");
        assertThatThrownBy(() -> read("\\i inc.sql\n"))
                .hasMessageContaining("line 1: \\i inc.sql: the file lies outside the base directory")
                .hasMessageNotContaining("TOP-SECRET");
    }

    @Test
    void aDirectoryOrADeviceIsNeverRead() throws IOException {
        Files.createDirectories(base().resolve("lib"));
        Files.createSymbolicLink(base().resolve("zero.sql"), Path.of("/dev/zero"));

        assertThatThrownBy(() -> read("\\i lib\n")).hasMessageContaining("\\i lib: the file is a directory");
        assertThatThrownBy(() -> read("\\i zero.sql\n")).hasMessageContaining("lies outside the base directory");
    }

    @Test
    void aMissingIncludeIsNamed() {
        assertThatThrownBy(() -> read("\\i nope.sql\n"))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("line 1: included file nope.sql does not exist");
    }

    @Test
    void aNulCharacterIsRefusedWithItsLine() {
        assertThatThrownBy(() -> read("select 1;\nselect '\0';\n"))
                .isInstanceOf(SemException.class)
                .hasMessage("File[./scripts/" + NAME + "] line 2: contains a NUL character (a zero byte), which"
                        + " PostgreSQL cannot take in SQL text; remove it (is it a binary file?)");
    }

    @Test
    void theChecksumOfAnAppliedScriptWithANulCanStillBeComputed() throws IOException {
        Path scripts = Files.createDirectories(base().resolve("scripts"));
        Files.write(scripts.resolve(NAME), "select 1;\0\n".getBytes(StandardCharsets.UTF_8));
        Script script = ScriptReader.load(NAME, scripts.resolve(NAME));
        assertThat(new ScriptReader(base(), ScriptReader.Options.defaults(), EngineLog.silent())
                        .normalizedSha256(script))
                .hasSize(64);
    }

    @Test
    void theCheckBeforeConnectingRefusesOnlyWhatLeavesTheBaseDirectoryOrIsNotAFile() throws IOException {
        Path scripts = Files.createDirectories(base().resolve("scripts"));
        ScriptReader reader = new ScriptReader(base(), ScriptReader.Options.defaults(), EngineLog.silent());
        Files.writeString(scripts.resolve(NAME), "\\i missing.sql\n\\i :SERVER_VERSION_NUM/x.sql\nselect 'unclosed\n");
        reader.checkIncludes(ScriptReader.load(NAME, scripts.resolve(NAME))); // left to read(), with the connection

        Files.createDirectories(base().resolve("lib"));
        Files.writeString(base().resolve("lib/a.sql"), "\\ir ../../elsewhere.sql\n");
        Files.writeString(scripts.resolve(NAME), "select 1;\n\\i lib/a.sql\n");
        assertThatThrownBy(() -> reader.checkIncludes(ScriptReader.load(NAME, scripts.resolve(NAME))))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("File[lib/a.sql] line 1: \\ir ../../elsewhere.sql: the file lies outside");
    }

    @Test
    void theCheckSkipsFilesWithoutABackslashOnlyWhereABackslashIsThatByte() throws IOException {
        Path scripts = Files.createDirectories(base().resolve("scripts"));
        // Unreadable SQL without a backslash: nothing to check, so nothing is lexed (read() reports it later).
        Files.writeString(scripts.resolve(NAME), "select 'unclosed\n");
        Script plain = ScriptReader.load(NAME, scripts.resolve(NAME));
        assertThat(plain.hasBackslash()).isFalse();
        new ScriptReader(base(), ScriptReader.Options.defaults(), EngineLog.silent()).checkIncludes(plain);

        // In EBCDIC (IBM037) a backslash is the byte 0xE0: no 0x5C, yet the include is found and refused.
        Charset ebcdic = Charset.forName("IBM037");
        Files.write(scripts.resolve(NAME), "\\i /etc/passwd\n".getBytes(ebcdic));
        Script other = ScriptReader.load(NAME, scripts.resolve(NAME));
        assertThat(other.hasBackslash()).isFalse();
        ScriptReader reader =
                new ScriptReader(base(), new ScriptReader.Options(ebcdic, false, Map.of()), EngineLog.silent());
        assertThatThrownBy(() -> reader.checkIncludes(other))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("\\i /etc/passwd: the file lies outside");
    }
}

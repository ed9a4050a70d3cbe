package dev.sem.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionFileTest {

    @TempDir
    Path base;

    @Test
    void absentFileMeansNothing() {
        assertThat(VersionFile.read(base)).isEmpty();
    }

    @Test
    void blankFileMeansNothing() throws IOException {
        Files.writeString(base.resolve("VERSION"), " \n\t\r\n");
        assertThat(VersionFile.read(base)).isEmpty();
    }

    @Test
    void surroundingWhitespaceIsStripped() throws IOException {
        Files.writeString(base.resolve("VERSION"), "  1.2.3\r\n");
        assertThat(VersionFile.read(base)).contains("1.2.3");
    }

    @Test
    void withoutTrailingNewline() throws IOException {
        Files.writeString(base.resolve("VERSION"), "r1.2.3");
        assertThat(VersionFile.read(base)).contains("r1.2.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "v1.2.3", "1.0.0-rc.1+build_7", "A"})
    void validVersions(String v) {
        assertThat(VersionFile.validate(v)).isEqualTo(v);
    }

    @Test
    void blank() {
        assertThatThrownBy(() -> VersionFile.validate(""))
                .isInstanceOf(SemException.class)
                .hasMessage("Version cannot be blank");
        assertThatThrownBy(() -> VersionFile.validate("  ")).hasMessage("Version cannot be blank");
        assertThatThrownBy(() -> VersionFile.validate(null)).hasMessage("Version cannot be blank");
    }

    @Test
    void hundredCharsIsTheMaximum() {
        String hundred = "1".repeat(100);
        assertThat(VersionFile.validate(hundred)).isEqualTo(hundred);
        String long101 = "1".repeat(101);
        assertThatThrownBy(() -> VersionFile.validate(long101))
                .hasMessage("Version '" + long101 + "' is 101 chars; max 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3 beta", "1.2/3", "1.2.3'", "ünicode", "1,2"})
    void invalidCharacters(String v) {
        assertThatThrownBy(() -> VersionFile.validate(v))
                .hasMessage("Version '" + v + "' is invalid; only letters, digits, and . _ + - are allowed");
    }

    @Test
    void lengthIsCheckedBeforeCharacters() {
        String v = "!".repeat(101);
        assertThatThrownBy(() -> VersionFile.validate(v)).hasMessage("Version '" + v + "' is 101 chars; max 100");
    }

    @Test
    void aLinkInsideTheBaseDirectoryIsRead() throws IOException {
        Files.writeString(base.resolve("version.txt"), "1.2.3\n");
        Files.createSymbolicLink(base.resolve("VERSION"), Path.of("version.txt"));
        assertThat(VersionFile.read(base)).contains("1.2.3");
    }

    @Test
    void aLinkLeavingTheBaseDirectoryOrToADeviceIsRefused(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("v"), "TOP-SECRET");
        Files.createSymbolicLink(base.resolve("VERSION"), elsewhere.resolve("v"));
        assertThatThrownBy(() -> VersionFile.read(base))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("VERSION] lies outside ")
                .hasMessageNotContaining("TOP-SECRET");
        Files.delete(base.resolve("VERSION"));
        Files.createSymbolicLink(base.resolve("VERSION"), Path.of("/dev/zero"));
        assertThatThrownBy(() -> VersionFile.read(base))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("(it resolves to /dev/zero)");
    }
}

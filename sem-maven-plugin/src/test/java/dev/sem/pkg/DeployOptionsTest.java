package dev.sem.pkg;

import java.time.Duration;

import dev.sem.Option;
import org.junit.jupiter.api.Test;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deploy options the engine refuses before reading the package or connecting. */
class DeployOptionsTest {

    @Test
    void pgpmsAddConfigIsRefused() {
        assertThatThrownBy(() -> DeployOptions.refuseUnsupported(true, false))
                .isInstanceOf(PackageException.class)
                .hasMessage("the addConfig option is not supported (pgpm ignored --add-config silently): merge the"
                        + " overlay into config.json, or deploy another package directory")
                .satisfies(suggests(Option.ADD_CONFIG));
    }

    @Test
    void aSemDistributionDirectoryIsRefusedForAPackageDirectory() {
        assertThatThrownBy(() -> DeployOptions.refuseUnsupported(false, true))
                .isInstanceOf(PackageException.class)
                .hasMessage("the dir option names a sem distribution; give the package directory (the one holding"
                        + " config.json) with the package option")
                .satisfies(suggests(Option.DIR, Option.PACKAGE));
    }

    @Test
    void neitherIsAccepted() {
        assertThatCode(() -> DeployOptions.refuseUnsupported(false, false)).doesNotThrowAnyException();
    }

    @Test
    void negativeTimeoutsAndRetriesAreRefused() {
        DeployOptions o = DeployOptions.defaults();
        String message = "the lockTimeout option, the lockRetries option, the lockWait option and the"
                + " statementTimeout option must not be negative";
        Option[] named = {Option.LOCK_TIMEOUT, Option.LOCK_RETRIES, Option.LOCK_WAIT, Option.STATEMENT_TIMEOUT};
        assertThatThrownBy(() -> o.withLockTimeout(Duration.ofMillis(-1), 3))
                .isInstanceOf(PackageException.class)
                .hasMessage(message)
                .satisfies(suggests(named));
        assertThatThrownBy(() -> o.withLockTimeout(Duration.ofMillis(1), -1))
                .hasMessage(message)
                .satisfies(suggests(named));
        assertThatThrownBy(() -> o.withLockWait(Duration.ofSeconds(-1)))
                .hasMessage(message)
                .satisfies(suggests(named));
        assertThatThrownBy(() -> o.withStatementTimeout(Duration.ofMillis(-1)))
                .hasMessage(message)
                .satisfies(suggests(named));
    }
}

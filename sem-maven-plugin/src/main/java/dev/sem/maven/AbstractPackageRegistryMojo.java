package dev.sem.maven;

import java.time.Duration;

import dev.sem.SemException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Base of the package registry goals that take the registry's lock ({@code registry-install},
 * {@code registry-uninstall}, {@code import-pgpm}, {@code remove-package}): how long to wait for it.
 */
abstract class AbstractPackageRegistryMojo extends AbstractConnectionMojo {

    /**
     * Seconds to wait for another run to release the package registry's lock.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.lockWait", defaultValue = "60")
    protected int lockWait;

    protected AbstractPackageRegistryMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    /** The registry lock wait, from {@code sem.lockWait}. */
    protected Duration registryLockWait() {
        if (lockWait < 0) {
            throw new SemException("sem.lockWait must not be negative");
        }
        return Duration.ofSeconds(lockWait);
    }
}

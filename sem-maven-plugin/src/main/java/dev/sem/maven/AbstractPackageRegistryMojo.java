package dev.sem.maven;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Base of the package registry goals ({@code registry-install}, {@code registry-uninstall}, {@code import-pgpm},
 * {@code remove-package}, {@code packages}, {@code execute}): one connection, opened as {@code apply} opens its own.
 */
abstract class AbstractPackageRegistryMojo extends AbstractDatabaseMojo {

    /** Work on the connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    protected AbstractPackageRegistryMojo(SettingsDecrypter settingsDecrypter, SemArtifactResolver artifactResolver) {
        super(settingsDecrypter, artifactResolver);
    }

    /** Runs {@code work} on a new connection; database errors become one redacted error line. */
    protected <T> T withConnection(Work<T> work) {
        ConnectionSettings settings = connectionSettings();
        try (Connection c = new ConnectionFactory(settings).open("sem:" + goal())) {
            return work.run(c);
        } catch (SQLException e) {
            throw new SemException(
                    "sem:" + goal() + " failed on " + settings.sanitizedUrl() + ": " + settings.redact(e.getMessage()),
                    e);
        }
    }

    /** The registry lock wait, from {@code sem.lockWait}. */
    protected Duration registryLockWait() {
        if (lockWait < 0) {
            throw new SemException("sem.lockWait must not be negative");
        }
        return Duration.ofSeconds(lockWait);
    }
}

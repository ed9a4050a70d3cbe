package dev.sem.maven;

import java.util.Optional;

import dev.sem.SemException;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/** Reads database credentials from a {@code settings.xml} server, decrypting the password. Never logs it. */
final class SettingsCredentials {

    /** A user and password from settings; either may be null. */
    record Credentials(String serverId, String user, String password) {
        @Override
        public String toString() {
            return "Credentials[server " + serverId + ", user " + user + "]";
        }
    }

    private SettingsCredentials() {}

    /**
     * The credentials of server {@code serverId}.
     *
     * @param required whether a missing server is an error (the id was given explicitly) or simply means "none"
     */
    static Optional<Credentials> lookup(
            Settings settings, SettingsDecrypter decrypter, String serverId, boolean required) {
        if (serverId == null || serverId.isBlank()) {
            return Optional.empty();
        }
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            if (required) {
                throw new SemException("-Dsem.serverId=" + serverId + ": there is no <server> with id " + serverId
                        + " in settings.xml. Add one with <username> and <password>, or drop the parameter.");
            }
            return Optional.empty();
        }
        SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
        for (SettingsProblem p : result.getProblems()) {
            if (p.getSeverity() == SettingsProblem.Severity.ERROR
                    || p.getSeverity() == SettingsProblem.Severity.FATAL) {
                throw SemException.environment(
                        "Could not decrypt the password of settings.xml server " + serverId + ": " + p.getMessage()
                                + ". Check settings-security.xml (mvn --encrypt-master-password).",
                        null);
            }
        }
        Server decrypted = result.getServer();
        return Optional.of(new Credentials(serverId, decrypted.getUsername(), decrypted.getPassword()));
    }
}

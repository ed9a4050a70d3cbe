package dev.sem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** PostgreSQL binaries from Maven Central (zonky), started once per JVM; works as root. */
final class EmbeddedServer extends PostgresServer {

    private final EmbeddedPostgres postgres;

    EmbeddedServer() {
        try {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL (zonky) server", e);
        }
    }

    /** Members of this role log in with scram-sha-256 over TCP; everyone else is trusted, as zonky sets it up. */
    static final String PASSWORD_CHECKED = "sem_password_checked";

    private boolean hbaReady;

    @Override
    public synchronized String passwordCheckedGroup() {
        if (!hbaReady) {
            try (Connection c = admin();
                    Statement s = c.createStatement()) {
                s.execute("DO $$BEGIN CREATE ROLE " + PASSWORD_CHECKED + " NOLOGIN;"
                        + " EXCEPTION WHEN duplicate_object THEN NULL; END$$");
                Path hba;
                try (ResultSet rs = s.executeQuery("SHOW hba_file")) {
                    rs.next();
                    hba = Path.of(rs.getString(1));
                }
                String rules = "host all +" + PASSWORD_CHECKED + " 127.0.0.1/32 scram-sha-256\n" + "host all +"
                        + PASSWORD_CHECKED + " ::1/128 scram-sha-256\n";
                Files.writeString(hba, rules + Files.readString(hba));
                s.execute("SELECT pg_reload_conf()");
                hbaReady = true;
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("Could not make the embedded server check passwords: " + e, e);
            }
        }
        return PASSWORD_CHECKED;
    }

    @Override
    public String provider() {
        return "embedded";
    }

    @Override
    public String hostAndPort() {
        return "localhost:" + postgres.getPort();
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return null;
    }

    @Override
    void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            System.err.println("[sem-test] could not stop the embedded PostgreSQL: " + e.getMessage());
        }
    }
}

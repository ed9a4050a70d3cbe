package dev.sem.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

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

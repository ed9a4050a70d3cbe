package dev.sem.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container; only when asked for with {@code -Dsem.test.postgres.provider=docker}. */
final class DockerServer extends PostgresServer {

    private final PostgreSQLContainer container;

    DockerServer(int major) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("-Dsem.test.postgres.provider=docker was given, but no Docker engine is"
                    + " reachable. Drop the option to use the embedded PostgreSQL, or set SEM_TEST_JDBC_URL.");
        }
        container = new PostgreSQLContainer("postgres:" + major + "-alpine");
        container.start();
    }

    @Override
    public String provider() {
        return "docker";
    }

    @Override
    public String hostAndPort() {
        return container.getHost() + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    void stop() {
        container.stop();
    }
}

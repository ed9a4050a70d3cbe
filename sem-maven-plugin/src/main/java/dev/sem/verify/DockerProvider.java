package dev.sem.verify;

import java.sql.Connection;
import java.sql.SQLException;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link ThrowawayPostgres#docker}: PostgreSQL in a Testcontainers container. A class of its own so that Testcontainers
 * is loaded only when this provider is asked for.
 */
final class DockerProvider {

    private DockerProvider() {}

    static ThrowawayPostgres start(String image) {
        if (!dockerAvailable()) {
            throw SemException.environment(
                    Message.text("")
                            .then(Option.VERIFY_PROVIDER, "docker")
                            .then(" needs a Docker engine, and none is reachable; start Docker (or set DOCKER_HOST),"
                                    + " or drop the option to use the embedded PostgreSQL, or give ")
                            .then(Option.VERIFY_URL),
                    null);
        }
        DockerImageName imageName;
        try {
            imageName = DockerImageName.parse(image).asCompatibleSubstituteFor("postgres");
        } catch (IllegalArgumentException e) {
            throw new SemException(
                    "'" + image + "' is not a Docker image name (" + e.getMessage()
                            + "); use one like postgres:17-alpine",
                    e);
        }
        PostgreSQLContainer container = new PostgreSQLContainer(imageName).withDatabaseName("verify");
        try {
            container.start();
        } catch (RuntimeException e) {
            stopQuietly(container);
            throw SemException.environment(
                    "Could not start PostgreSQL in Docker from image " + image + ": " + e.getMessage()
                            + "; check the image name and that Docker can pull it",
                    e);
        }
        ThrowawayPostgres.ServerVersion version;
        try (Connection c =
                ThrowawayPostgres.connect(container.getJdbcUrl(), container.getUsername(), container.getPassword())) {
            version = ThrowawayPostgres.ServerVersion.of(c);
        } catch (SQLException e) {
            stopQuietly(container);
            throw SemException.environment(
                    "PostgreSQL in Docker (" + image + ") started but does not answer: " + e.getMessage(), e);
        }
        String description = "PostgreSQL " + version.text() + " in Docker (" + image + ") on " + container.getHost()
                + ":" + container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/verify";
        return new ThrowawayPostgres(
                container.getJdbcUrl(),
                container.getUsername(),
                container.getPassword(),
                version.major(),
                description,
                container::stop);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void stopQuietly(PostgreSQLContainer container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            // Testcontainers' Ryuk removes the container when the JVM exits.
        }
    }
}

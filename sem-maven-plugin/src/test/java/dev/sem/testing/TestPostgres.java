package dev.sem.testing;

import java.sql.SQLException;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands each test a fresh, empty database on a real PostgreSQL and drops it afterwards.
 *
 * <p>Where the server comes from, in order:
 *
 * <ol>
 *   <li>{@code SEM_TEST_JDBC_URL} set: that server (password from the URL or {@code PGPASSWORD});
 *   <li>otherwise an embedded PostgreSQL from Maven Central binaries (zonky), started once per JVM; the major version
 *       is chosen at build time with {@code -Dsem.test.postgres=13} … {@code 18} (default 17);
 *   <li>Testcontainers only when asked for with {@code -Dsem.test.postgres.provider=docker}; it fails, never skips,
 *       when Docker is absent.
 * </ol>
 *
 * <p>Use it with {@code @ExtendWith(TestPostgres.class)} and a {@link TestDatabase} parameter on a test method or on the
 * test class constructor (then the database lives for the test class instance, that is for one test by default).
 */
public final class TestPostgres implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestPostgres.class);

    private static PostgresServer server;

    /** The JVM-wide server, started on first use. */
    public static synchronized PostgresServer server() {
        if (server == null) {
            server = startServer();
            try {
                server.readVersion();
            } catch (SQLException e) {
                throw new IllegalStateException("The test PostgreSQL server does not answer: " + e.getMessage(), e);
            }
            checkRequestedMajor(server);
            PostgresServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "sem-test-postgres-stop"));
        }
        return server;
    }

    private static PostgresServer startServer() {
        String url = System.getenv("SEM_TEST_JDBC_URL");
        String provider = System.getProperty("sem.test.postgres.provider", "auto");
        if (url != null && !url.isBlank()) {
            return new ExternalServer(url);
        }
        return switch (provider) {
            case "auto", "embedded", "" -> new EmbeddedServer();
            case "docker" -> new DockerServer(requestedMajor());
            default ->
                throw new IllegalStateException(
                        "Unknown -Dsem.test.postgres.provider=" + provider + "; use embedded (the default) or docker");
        };
    }

    private static int requestedMajor() {
        String value = System.getProperty("sem.test.postgres", "17");
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "-Dsem.test.postgres must be a major version such as 13 or 18, not " + value);
        }
    }

    private static void checkRequestedMajor(PostgresServer started) {
        if (!started.provider().equals("external") && started.major() != requestedMajor()) {
            throw new IllegalStateException("Asked for PostgreSQL " + requestedMajor() + " but the "
                    + started.provider()
                    + " server is " + started.major() + ": run Maven with -Dsem.test.postgres=" + requestedMajor()
                    + " so that the matching binaries are on the test class path");
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        PostgresServer srv = server();
        try {
            TestDatabase db = srv.createDatabase();
            extensionContext
                    .getStore(NAMESPACE)
                    .put(db.name() + "#" + parameterContext.getIndex(), new Dropper(srv, db.name()));
            return db;
        } catch (SQLException e) {
            throw new ParameterResolutionException("Could not create a test database: " + e.getMessage(), e);
        }
    }

    /** Drops the database when the test (or test instance) that owns it is done. */
    private record Dropper(PostgresServer server, String name) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            server.dropDatabase(name);
        }
    }
}

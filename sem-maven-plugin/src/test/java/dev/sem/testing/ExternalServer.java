package dev.sem.testing;

import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.postgresql.Driver;

/** A server named by {@code SEM_TEST_JDBC_URL}; credentials from the URL or {@code PGPASSWORD}. */
final class ExternalServer extends PostgresServer {

    private static final Set<String> PARSED_KEYS = Set.of("PGHOST", "PGPORT", "PGDBNAME", "user", "password");

    private final String hostAndPort;
    private final String database;
    private final String user;
    private final String password;
    private final String parameters;

    ExternalServer(String url) {
        Properties props = Driver.parseURL(url, null);
        if (props == null) {
            throw new IllegalStateException("SEM_TEST_JDBC_URL is not a jdbc:postgresql:// URL; expected for example "
                    + "jdbc:postgresql://localhost:5432/postgres?user=postgres");
        }
        String[] hosts = props.getProperty("PGHOST", "localhost").split(",");
        String[] ports = props.getProperty("PGPORT", "5432").split(",");
        this.hostAndPort = hosts[0] + ":" + ports[0];
        this.database = props.getProperty("PGDBNAME", "postgres").isEmpty()
                ? "postgres"
                : props.getProperty("PGDBNAME", "postgres");
        this.user = props.getProperty("user", envOr("PGUSER", "postgres"));
        this.password = props.getProperty("password", System.getenv("PGPASSWORD"));
        this.parameters = props.stringPropertyNames().stream()
                .filter(k -> !PARSED_KEYS.contains(k))
                .sorted()
                .map(k -> k + "=" + props.getProperty(k))
                .collect(Collectors.joining("&"));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public String provider() {
        return "external";
    }

    @Override
    public String hostAndPort() {
        return hostAndPort;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    protected String urlParameters() {
        return parameters;
    }

    @Override
    protected String maintenanceDatabase() {
        return database;
    }

    @Override
    void stop() {
        // Not ours to stop.
    }
}

package dev.sem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/** One PostgreSQL server shared by every test in the JVM; hands out fresh databases. */
public abstract class PostgresServer {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private int major;

    /** How this server was provided: {@code external}, {@code embedded} or {@code docker}. */
    public abstract String provider();

    /** {@code host:port} of the server. */
    public abstract String hostAndPort();

    /** The superuser (or database-creating) role tests connect as. */
    public abstract String user();

    /** The password of {@link #user()}, or {@code null}. */
    public abstract String password();

    /** Extra connection parameters (for example {@code sslmode}), appended to every URL; may be empty. */
    protected String urlParameters() {
        return "";
    }

    /** The database to connect to for administration (creating and dropping test databases). */
    protected String maintenanceDatabase() {
        return "postgres";
    }

    /** A JDBC URL for a database on this server, without credentials. */
    public String jdbcUrl(String database) {
        String params = urlParameters();
        return "jdbc:postgresql://" + hostAndPort() + "/" + database + (params.isEmpty() ? "" : "?" + params);
    }

    /** Opens an autocommit connection to the maintenance database. */
    public Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user());
        if (password() != null) {
            props.setProperty("password", password());
        }
        return DriverManager.getConnection(jdbcUrl(maintenanceDatabase()), props);
    }

    /**
     * A group role whose members must log in with their password, so that tests can exercise wrong passwords; null
     * when the server's own rules apply (an external server is expected to check passwords).
     */
    public String passwordCheckedGroup() {
        return null;
    }

    /** The server's major version (for example 13 or 18), read from the server itself. */
    public int major() {
        return major;
    }

    void readVersion() throws SQLException {
        try (Connection c = admin();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT current_setting('server_version_num')::int, version()")) {
            rs.next();
            major = rs.getInt(1) / 10000;
            System.out.println("[sem-test] PostgreSQL " + major + " (" + provider() + ", " + hostAndPort() + "): "
                    + rs.getString(2));
        }
    }

    /** Creates a new, empty database with a unique name. */
    public TestDatabase createDatabase() throws SQLException {
        String name = "sem_test_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quote(name) + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        return new TestDatabase(name, jdbcUrl(name), user(), password(), this);
    }

    /** Drops a database, disconnecting whoever is still connected to it. */
    public void dropDatabase(String name) throws SQLException {
        try (Connection c = admin();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
        }
    }

    /** Quotes an identifier the way PostgreSQL does. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    abstract void stop();
}

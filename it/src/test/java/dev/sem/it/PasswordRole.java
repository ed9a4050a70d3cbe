package dev.sem.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;

/**
 * A login role whose password the server checks, owning the test database.
 *
 * <p>On the embedded server the role joins {@link PostgresServer#passwordCheckedGroup()}, whose members log in with
 * scram-sha-256; on a server from {@code SEM_TEST_JDBC_URL} its own rules apply. Either way the role is handed out
 * only once a wrong password has been refused: the wrong-password scenarios fail, never pass vacuously, on a server
 * that lets anyone in.
 */
final class PasswordRole implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TestDatabase db;
    private final String name;
    private final String password;

    private PasswordRole(TestDatabase db, String name, String password) {
        this.db = db;
        this.name = name;
        this.password = password;
    }

    /** Creates the role and makes it the owner of {@code db} (so that it may create the history schema). */
    static PasswordRole create(TestDatabase db, String password) throws SQLException {
        String name = "it_pw_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        String group = db.server().passwordCheckedGroup();
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            // PostgreSQL 13 still defaults to md5, which scram-sha-256 rules refuse even with the right password.
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password.replace("'", "''") + "'"
                    + (group == null ? "" : " IN ROLE " + group));
        }
        PasswordRole role = new PasswordRole(db, name, password);
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + PostgresServer.quote(db.name()) + " OWNER TO " + name);
            role.awaitPasswordChecked();
        } catch (SQLException | RuntimeException e) {
            role.close();
            throw e;
        }
        return role;
    }

    String name() {
        return name;
    }

    /** A wrong password must be refused (after the server reloaded its rules), the right one accepted. */
    private void awaitPasswordChecked() throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                connect("not-" + password).close();
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    break;
                }
                throw e;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The server at " + db.server().hostAndPort() + " lets role " + name
                        + " in with a wrong password: the password scenarios need a server that checks passwords");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        connect(password).close(); // the right password gets in
    }

    private Connection connect(String pw) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", name);
        props.setProperty("password", pw);
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }

    /** Hands what the role owns (the database, the tables it created) back to the test user and drops the role. */
    @Override
    public void close() throws SQLException {
        try (Connection inDb = db.connect();
                Statement t = inDb.createStatement()) {
            t.execute("REASSIGN OWNED BY " + name + " TO CURRENT_USER");
            t.execute("DROP OWNED BY " + name);
        }
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            s.execute("DROP ROLE " + name);
        }
    }
}

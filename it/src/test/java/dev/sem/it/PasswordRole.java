package dev.sem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * <p>The embedded server trusts every local login, so a wrong password would get in. For this role only, the
 * server's {@code pg_hba.conf} gets {@code scram-sha-256} lines in front of its own; {@link #close()} restores the
 * file. When the file cannot be edited (a server elsewhere, from {@code SEM_TEST_JDBC_URL}) the server's own rules
 * apply; either way the role is created only when a wrong password is refused, never silently accepted.
 */
final class PasswordRole implements AutoCloseable {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final TestDatabase db;
    private final String name;
    private final String password;
    private boolean created;
    private Path hbaFile;
    private String originalHba;

    private PasswordRole(TestDatabase db, String name, String password) {
        this.db = db;
        this.name = name;
        this.password = password;
    }

    /** Creates the role, makes it the owner of {@code db}, and makes the server check its password. */
    static PasswordRole create(TestDatabase db, String password) throws SQLException, IOException {
        String name = "it_pw_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
        PasswordRole role = new PasswordRole(db, name, password);
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            s.execute("SET password_encryption = 'scram-sha-256'");
            s.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            role.created = true;
            s.execute("ALTER DATABASE " + PostgresServer.quote(db.name()) + " OWNER TO " + name);
            try (var rs = s.executeQuery("SHOW hba_file")) {
                rs.next();
                Path file = Path.of(rs.getString(1));
                if (Files.isRegularFile(file) && Files.isWritable(file)) {
                    role.hbaFile = file;
                    role.originalHba = Files.readString(file);
                    Files.writeString(
                            file,
                            "# sem end-to-end test: this role's password is checked\n"
                                    + "host all " + name + " 127.0.0.1/32 scram-sha-256\n"
                                    + "host all " + name + " ::1/128 scram-sha-256\n"
                                    + role.originalHba);
                    s.execute("SELECT pg_reload_conf()");
                }
            }
        } catch (SQLException | IOException | RuntimeException e) {
            role.close();
            throw e;
        }
        role.awaitPasswordChecked();
        return role;
    }

    String name() {
        return name;
    }

    /** Waits for the reloaded configuration: a wrong password must be refused, the right one accepted. */
    private void awaitPasswordChecked() throws SQLException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                connect("not-" + password).close();
                if (System.nanoTime() > deadline) {
                    close();
                    throw new IllegalStateException(
                            "The server at " + db.server().hostAndPort()
                                    + " lets role " + name + " in with a wrong password"
                                    + (hbaFile == null ? " and its pg_hba.conf cannot be edited from here" : "")
                                    + ": the wrong-password scenarios need a server that checks passwords");
                }
            } catch (SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    break;
                }
                throw e;
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

    /** Restores pg_hba.conf, hands what the role owns back to the test user, and drops the role. */
    @Override
    public void close() throws SQLException {
        try (Connection c = db.server().admin();
                Statement s = c.createStatement()) {
            if (hbaFile != null) {
                try {
                    Files.writeString(hbaFile, originalHba);
                } catch (IOException e) {
                    throw new IllegalStateException("Could not restore " + hbaFile, e);
                }
                s.execute("SELECT pg_reload_conf()");
                hbaFile = null;
            }
            if (created) {
                try (Connection inDb = db.connect();
                        Statement t = inDb.createStatement()) {
                    t.execute("REASSIGN OWNED BY " + name + " TO CURRENT_USER");
                    t.execute("DROP OWNED BY " + name);
                }
                s.execute("DROP ROLE " + name);
                created = false;
            }
        }
    }
}

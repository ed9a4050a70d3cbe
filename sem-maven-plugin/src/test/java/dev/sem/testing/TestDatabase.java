package dev.sem.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A fresh, empty database on a real PostgreSQL server, created for one test and dropped after it.
 *
 * @param name the database name, unique per test
 * @param jdbcUrl a {@code jdbc:postgresql://host:port/name} URL without credentials
 * @param user the role to connect as
 * @param password the password, or {@code null} when the server trusts local connections
 * @param server the server that holds the database (for tests that need a second database)
 */
public record TestDatabase(String name, String jdbcUrl, String user, String password, PostgresServer server) {

    /** Opens a new autocommit connection to this database. */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The server's major version, for example 17. */
    public int serverMajor() {
        return server.major();
    }

    @Override
    public String toString() {
        // Never print the password.
        return "TestDatabase[" + name + " at " + jdbcUrl + " as " + user + "]";
    }
}

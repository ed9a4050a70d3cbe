package dev.sem.verify;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.TreeSet;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;

/** {@link ThrowawayPostgres#fromServer}: a scratch database on an existing server. */
final class ScratchDatabase {

    private ScratchDatabase() {}

    /** A server named by connection settings; scratch databases live next to its database. */
    private record Server(ConnectionSettings settings) {
        String jdbcUrl(String database) {
            // Over a Unix socket the driver's host is a placeholder: the socket is in the properties.
            StringBuilder url = new StringBuilder("jdbc:postgresql://")
                    .append(settings.socketFile().isPresent() ? "localhost" : settings.host())
                    .append(':')
                    .append(settings.port())
                    .append('/')
                    .append(URLEncoder.encode(database, StandardCharsets.UTF_8));
            Properties props = settings.driverProperties();
            char sep = '?';
            for (String k : new TreeSet<>(props.stringPropertyNames())) {
                url.append(sep)
                        .append(k)
                        .append('=')
                        .append(URLEncoder.encode(props.getProperty(k), StandardCharsets.UTF_8));
                sep = '&';
            }
            return url.toString();
        }

        String display(String database) {
            return settings.host() + ":" + settings.port() + "/" + database;
        }
    }

    static ThrowawayPostgres create(ConnectionSettings settings) {
        Server server = new Server(settings);
        String role = settings.user();
        String secret = settings.password().orElse(null);
        String maintenance = settings.database();
        String name = ThrowawayPostgres.randomName("sem_verify_");

        ThrowawayPostgres.ServerVersion version;
        try (Connection c = open(server, maintenance, role, secret);
                Statement s = c.createStatement()) {
            version = ThrowawayPostgres.ServerVersion.of(c);
            s.execute("CREATE DATABASE " + ThrowawayPostgres.quoteIdentifier(name) + " TEMPLATE template0");
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new SemException(Message.text("Role " + role + " may not create databases on "
                                + server.display(maintenance) + ": grant it CREATEDB, or point ")
                        .then(Option.VERIFY_URL)
                        .then(" at a server where it may (or drop the option to use the embedded PostgreSQL)"));
            }
            throw SemException.environment(
                    "Could not create the throwaway database " + name + " on " + server.display(maintenance) + " as "
                            + role + ": " + e.getMessage(),
                    e);
        }
        String description = "scratch database " + name + " on PostgreSQL " + version.text() + " at "
                + server.display(name) + " (dropped afterwards)";
        return new ThrowawayPostgres(
                server.jdbcUrl(name),
                role,
                secret,
                version.major(),
                description,
                () -> drop(server, maintenance, role, secret, name));
    }

    private static Connection open(Server server, String database, String role, String secret) throws SQLException {
        try {
            return ThrowawayPostgres.connect(server.jdbcUrl(database), role, secret);
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("28")) {
                throw new SemException(Message.text("PostgreSQL at " + server.display(database) + " refused role "
                                + role + ": " + e.getMessage() + "; check the user and password for ")
                        .then(Option.VERIFY_URL));
            }
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw SemException.environment(
                        Message.text("Could not connect to " + server.display(database)
                                        + " for the throwaway database: " + e.getMessage() + "; check ")
                                .then(Option.VERIFY_URL)
                                .then(", or drop it to use the embedded PostgreSQL"),
                        e);
            }
            throw e;
        }
    }

    private static void drop(Server server, String maintenance, String role, String secret, String name) {
        try (Connection c = open(server, maintenance, role, secret);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + ThrowawayPostgres.quoteIdentifier(name) + " WITH (FORCE)");
        } catch (SQLException | SemException e) {
            throw SemException.environment(
                    "Could not drop the throwaway database " + name + " on " + server.display(maintenance) + ": "
                            + e.getMessage() + "; drop it by hand: DROP DATABASE " + name + " WITH (FORCE)",
                    e);
        }
    }
}

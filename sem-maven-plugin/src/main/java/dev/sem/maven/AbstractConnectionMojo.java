package dev.sem.maven;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.DatabaseUrl;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Base of every goal that talks to a database: where it is ({@code sem.url}, or {@code sem.host}, {@code sem.port},
 * {@code sem.name}) and whose credentials to use ({@code sem.user}, {@code sem.serverId}).
 */
public abstract class AbstractConnectionMojo extends AbstractSemMojo {

    /** The default settings.xml server id for database credentials. */
    static final String DEFAULT_SERVER_ID = "sem-db";

    /**
     * The database: {@code postgresql://user@host:5432/name?sslmode=require} (as sem takes it) or
     * {@code jdbc:postgresql://host:5432/name}, or through the server's Unix socket
     * {@code postgresql:///name?host=/var/run/postgresql}. Put no password here; use a settings.xml server,
     * {@code PGPASSWORD} or {@code ~/.pgpass} (an interactive run asks for it when the server requests one). Without it (and without host, port and name) sem uses libpq's defaults ({@code PGHOST},
     * {@code PGPORT}, {@code PGDATABASE}, {@code PGUSER}, else localhost:5432 and the operating-system user) and says
     * so.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.url")
    protected String url;

    /**
     * Database host, or the directory of the server's Unix socket such as {@code /var/run/postgresql}, when no URL is
     * given ({@code PGHOST}, else localhost).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.host")
    protected String host;

    /**
     * Database port, when no URL is given ({@code PGPORT}, else 5432).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.port")
    protected Integer port;

    /**
     * Database name, when no URL is given ({@code PGDATABASE}, else the user name).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.name")
    protected String name;

    /**
     * Database user, when neither the URL nor the settings.xml server names one ({@code PGUSER}, else the
     * operating-system user).
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.user")
    protected String user;

    /**
     * The settings.xml {@code <server>} whose username and (encrypted) password are used to connect. Ignored when the
     * default id is absent from settings.xml.
     *
     * @since 0.1.0
     */
    @Parameter(property = "sem.serverId", defaultValue = DEFAULT_SERVER_ID)
    protected String serverId;

    /** The Maven session (set by Maven): settings.xml servers, the project, the base directory. */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    private final SettingsDecrypter settingsDecrypter;

    protected AbstractConnectionMojo(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    /** Work on a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Connection settings from the parameters, settings.xml and the libpq environment. */
    protected ConnectionSettings connectionSettings() {
        return connectionSettings(url, host, port, name, null, true);
    }

    /**
     * Connection settings of a database given by a URL or by host, port and name, with the credentials of the
     * settings.xml server named like the host when there is one ({@code perHostServer}), else of {@code sem.serverId}.
     * When nothing names the database, the assumed target is announced ({@code announce}) and marked, so that a
     * failed connection says how to choose one.
     */
    ConnectionSettings connectionSettings(
            String url, String host, Integer port, String name, String perHostServer, boolean announce) {
        boolean explicitServer = !DEFAULT_SERVER_ID.equals(serverId);
        var credentials = SettingsCredentials.lookup(session.getSettings(), settingsDecrypter, perHostServer, false)
                .or(() ->
                        SettingsCredentials.lookup(session.getSettings(), settingsDecrypter, serverId, explicitServer));
        credentials.ifPresent(c -> {
            String line = "Using credentials of settings.xml server " + c.serverId()
                    + (c.user() == null ? "" : " (user " + c.user() + ")");
            if (announce) {
                getLog().info(line);
            } else {
                getLog().debug(line);
            }
        });
        String settingsUser =
                credentials.map(SettingsCredentials.Credentials::user).orElse(null);
        String defaultUser = user != null ? user : settingsUser;
        String defaultUserOrigin = user != null
                ? "sem.user"
                : credentials.map(c -> "settings.xml server " + c.serverId()).orElse(null);
        DatabaseUrl target = DatabaseUrl.of(url, host, port, name, defaultUser, System.getenv());
        List<String> servers = new ArrayList<>();
        servers.add(perHostServer);
        servers.add(serverId);
        ConnectionSettings.Builder builder = ConnectionSettings.builder(target)
                .defaultUser(defaultUser, defaultUserOrigin)
                .settingsServers(servers)
                .toolVersion(pluginVersion());
        ConsolePasswordPrompt.configure(builder, session);
        boolean assumed = (url == null || url.isBlank()) && host == null && port == null && name == null;
        if (assumed) {
            builder.assumedTarget();
        }
        credentials.ifPresent(c -> {
            if (c.password() != null) {
                builder.password(c.password(), "settings.xml server " + c.serverId());
            }
        });
        ConnectionSettings settings = builder.build();
        settings.warnings().forEach(getLog()::warn);
        if (announce) {
            settings.assumedTarget().ifPresent(m -> getLog().info(OptionFlags.render(m)));
        }
        return settings;
    }

    /** Connection settings of a resource database's connection string ({@code RESDB} sets). */
    ConnectionSettings resourceDatabase(String connectionString) {
        return connectionSettings(connectionString, null, null, null, null, false);
    }

    /** Runs {@code work} on a new connection; database errors become one redacted error line. */
    protected <T> T withConnection(Work<T> work) {
        ConnectionSettings settings = connectionSettings();
        try (Connection c = new ConnectionFactory(settings).open("sem:" + goal())) {
            return work.run(c);
        } catch (SQLException e) {
            throw new SemException(
                    "sem:" + goal() + " failed on " + settings.sanitizedUrl() + ": " + settings.redact(e.getMessage()),
                    e);
        }
    }

    /** The plugin's version, for {@code application_name}. */
    static String pluginVersion() {
        String v = AbstractConnectionMojo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Who runs this, {@code user@host}, recorded with checksums and acceptances. */
    static String actor() {
        String userName = System.getProperty("user.name", "unknown");
        try {
            return userName + "@" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return userName;
        }
    }
}

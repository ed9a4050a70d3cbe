package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.pkg.RegistryMigrations.Migration;

/**
 * The explicit registry goals: install or upgrade (one transaction under the registry lock, usage roles granted) and
 * uninstall (explicit confirmation; package schemas are never dropped).
 */
public final class RegistryInstaller {

    /** The public API of the registry: what usage roles may execute (besides USAGE on the schema). */
    public static final List<String> API_FUNCTIONS = List.of(
            "sem_packages.requirement_bounds(text)",
            "sem_packages.satisfies(integer, integer, integer, text)",
            "sem_packages.find_package(text, text)",
            "sem_packages.search_path_schemas(bigint)",
            "sem_packages.set_search_path(text, text)",
            "sem_packages.set_search_path(text, text, text)");

    /** pgpm's function, replaced by a wrapper when a pgpm installation was taken over. */
    static final String PGPM_WRAPPER = "_pgpm.set_search_path(text, text)";

    /**
     * What an install did.
     *
     * @param fromVersion the registry version before (0: absent)
     * @param toVersion the registry version after
     * @param migrationsApplied the migrations run, as {@code 002-functions.sql}
     * @param usageRoles the roles granted usage
     */
    public record InstallResult(
            int fromVersion, int toVersion, List<String> migrationsApplied, List<String> usageRoles) {}

    /**
     * What an uninstall did.
     *
     * @param version the registry version dropped (0 when there was none)
     * @param packageSchemasKept the package schemas the registry recorded, left in place
     */
    public record UninstallResult(int version, List<String> packageSchemasKept) {}

    private RegistryInstaller() {}

    /**
     * Installs the registry, or upgrades it when {@code upgrade} is set, and grants the usage roles, in one
     * transaction under the registry lock; the connection's auto-commit is restored afterwards.
     *
     * @throws PackageException when a role does not exist, the registry is older and {@code upgrade} is not set, or it
     *     is newer than this sem
     */
    public static InstallResult install(Connection c, List<String> usageRoles, boolean upgrade, Duration lockWait)
            throws SQLException {
        return inTransaction(c, lockWait, () -> {
            int from = RegistrySchema.installedVersion(c);
            if (from > 0 && from < RegistryMigrations.latest() && !upgrade) {
                throw new PackageException(Message.text("The package registry " + RegistrySchema.SCHEMA
                                + " is at version " + from + ", older than this sem's " + RegistryMigrations.latest()
                                + ": run mvn sem:registry-install ")
                        .then(Option.UPGRADE, "true")
                        .then(" (one transaction; deploys upgrade it too)"));
            }
            requireRoles(c, usageRoles);
            if (from == 0) {
                requireCreatePrivilege(c);
            }
            List<Migration> applied = RegistrySchema.migrate(c, RegistryMigrations.ALL);
            grantUsage(c, usageRoles);
            return new InstallResult(
                    from,
                    RegistrySchema.installedVersion(c),
                    applied.stream().map(Migration::resource).toList(),
                    List.copyOf(usageRoles));
        });
    }

    /** Grants USAGE on the registry schema and EXECUTE on its public API (and on pgpm's wrapper, when present). */
    static void grantUsage(Connection c, List<String> roles) throws SQLException {
        if (roles.isEmpty()) {
            return;
        }
        String grantees =
                String.join(", ", roles.stream().map(RegistrySchema::quoteIdent).toList());
        try (Statement st = c.createStatement()) {
            st.execute("GRANT USAGE ON SCHEMA sem_packages TO " + grantees);
            for (String f : API_FUNCTIONS) {
                st.execute("GRANT EXECUTE ON FUNCTION " + f + " TO " + grantees);
            }
            if (RegistryQueries.exists(c, "SELECT to_regprocedure('" + PGPM_WRAPPER + "') IS NOT NULL")) {
                st.execute("GRANT USAGE ON SCHEMA _pgpm TO " + grantees);
                st.execute("GRANT EXECUTE ON FUNCTION " + PGPM_WRAPPER + " TO " + grantees);
            }
        }
    }

    /** A role that cannot create schemas gets the reason at once, not a failure in the middle of migration 1. */
    static void requireCreatePrivilege(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT has_database_privilege(current_database(), 'CREATE'),"
                        + " current_user, current_database()")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new PackageException("Cannot install the package registry: role " + rs.getString(2)
                        + " may not create schemas in database " + rs.getString(3) + "; connect as a superuser or the"
                        + " database owner, or GRANT CREATE ON DATABASE to that role");
            }
        }
    }

    static void requireRoles(Connection c, List<String> roles) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String role : roles) {
            if (role == null || role.isBlank()) {
                throw new PackageException("An empty usage role was given: list role names separated by commas");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                ps.setString(1, role);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        missing.add(role);
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new PackageException(Message.text("Usage role(s) " + String.join(", ", missing)
                            + " do not exist in the database: create them first or correct ")
                    .then(Option.USAGE)
                    .then(" (role names are case-sensitive)"));
        }
    }

    /**
     * Drops the registry schema with everything it recorded; package schemas stay.
     *
     * @param confirmed the explicit confirmation; without it nothing happens
     * @throws PackageException without confirmation, or when the connected role is neither a superuser nor the owner
     *     of the registry schema
     */
    public static UninstallResult uninstall(Connection c, boolean confirmed, Duration lockWait) throws SQLException {
        if (!confirmed) {
            throw new PackageException(Message.text("Uninstalling drops schema " + RegistrySchema.SCHEMA
                            + " and every record of the deployed packages (their schemas stay): add ")
                    .then(Option.CONFIRM_UNINSTALL, "true")
                    .then(" to do it"));
        }
        return inTransaction(c, lockWait, () -> {
            int version = RegistrySchema.installedVersion(c);
            if (version == 0) {
                return new UninstallResult(0, List.of());
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT r.rolsuper OR pg_has_role(n.nspowner, 'MEMBER'),"
                            + " current_user, pg_get_userbyid(n.nspowner) FROM pg_namespace n, pg_roles r"
                            + " WHERE n.nspname = 'sem_packages' AND r.rolname = current_user")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new PackageException("Cannot uninstall the package registry: connected as role "
                            + rs.getString(2) + ", which is neither a superuser nor the owner of schema "
                            + RegistrySchema.SCHEMA + " (" + rs.getString(3) + "); connect as one of them");
                }
            }
            List<String> kept = new ArrayList<>();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT DISTINCT p.schema_name FROM sem_packages.packages p"
                            + " JOIN pg_namespace n ON n.nspname = p.schema_name ORDER BY 1")) {
                while (rs.next()) {
                    kept.add(rs.getString(1));
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA sem_packages CASCADE");
            }
            return new UninstallResult(version, kept);
        });
    }

    /** Work inside one transaction under the registry lock. */
    interface Work<T> {
        T run() throws SQLException;
    }

    static <T> T inTransaction(Connection c, Duration lockWait, Work<T> work) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            RegistryLock.acquire(c, lockWait);
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException e) {
            c.rollback();
            throw new PackageException("The package registry change was rolled back: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}

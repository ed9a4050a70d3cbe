package dev.sem.pkg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.sem.Message;
import dev.sem.Option;

/**
 * Removes a deployed package version or revision (pgpm's unimplemented {@code remove}, spec §2): drops its schema and
 * marks its registry row {@code dropped} by primary key, with a {@code drop} event and a notification.
 *
 * <p>A dry run by default: it reports what it would do. It refuses, with every reason, when the schema contains tables
 * (unless forced), when an active package depends on this version, when {@code pg_stat_activity} shows a query using
 * the schema, or when objects outside the schema depend on it (pgpm's {@code drop_schema_smart} checks).
 */
public final class PackageRemover {

    /**
     * What to remove.
     *
     * @param name the package name
     * @param version the version, as written or with other zero padding ({@code 01_09_00} = {@code 1_9_0})
     * @param revision the revision N of a renamed schema, or null for the current (active) row
     * @param force drop the schema even though it contains tables
     * @param dryRun only report
     */
    public record Request(String name, String version, Integer revision, boolean force, boolean dryRun) {}

    /**
     * What the removal did or would do.
     *
     * @param packageId the registry row
     * @param name the package
     * @param version the version as written
     * @param schema the schema, or null for DATABASE scope
     * @param dryRun whether nothing was changed
     * @param actions the changes, in order
     * @param eventId the {@code drop} event, or null in a dry run
     */
    public record Result(
            long packageId,
            String name,
            String version,
            String schema,
            boolean dryRun,
            List<String> actions,
            Long eventId) {}

    private PackageRemover() {}

    /**
     * Removes (or, in a dry run, checks) one package version or revision, in one transaction under the registry lock.
     *
     * @throws PackageException naming the package and every reason when it cannot be removed safely
     */
    public static Result remove(Connection c, Request request, Duration lockWait) throws SQLException {
        PackageVersion version = PackageVersion.parse(request.version());
        return RegistryInstaller.inTransaction(c, lockWait, () -> {
            RegistrySchema.migrate(c, RegistryMigrations.ALL);
            String what = request.name() + " " + version.display()
                    + (request.revision() == null ? "" : " revision " + request.revision());
            Row row = find(c, request, version, what);
            long id = row.id();
            String schema = row.schema();
            String text = row.versionText();
            List<String> problems = new ArrayList<>(dependents(c, id));
            boolean schemaExists = schema != null
                    && RegistryQueries.exists(
                            c, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", schema);
            if (schemaExists) {
                problems.addAll(schemaProblems(c, schema, request.force()));
            }
            if (!problems.isEmpty()) {
                Message refusal = Message.text("Cannot remove package " + what
                        + (schema == null ? "" : " (schema " + schema + ")") + ": " + String.join("; ", problems));
                throw new PackageException(
                        request.force()
                                ? refusal
                                : refusal.then(". Tables are dropped only with ")
                                        .then(Option.FORCE, "true"));
            }
            List<String> actions = new ArrayList<>();
            if (schemaExists) {
                actions.add("DROP SCHEMA " + RegistrySchema.quoteIdent(schema) + " CASCADE");
            } else if (schema != null) {
                actions.add("schema " + schema + " is already gone: only the registry row is marked");
            }
            actions.add("mark registry row " + id + " (" + what + ") dropped, record a drop event and notify");
            if (request.dryRun()) {
                c.rollback();
                return new Result(id, request.name(), text, schema, true, actions, null);
            }
            if (schemaExists) {
                try (var st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + RegistrySchema.quoteIdent(schema) + " CASCADE");
                }
            }
            RegistryQueries.update(
                    c,
                    "UPDATE sem_packages.packages SET status = 'dropped', revision = NULL,"
                            + " updated_at = now() WHERE id = ?",
                    id);
            long event = Long.parseLong(RegistryQueries.string(
                    c,
                    "INSERT INTO sem_packages.events (package_id,"
                            + " event, tool_version) VALUES (?, 'drop', ?) RETURNING id",
                    id,
                    RegistrySchema.toolVersion()));
            RegistryQueries.string(c, "SELECT sem_packages.notify_event(?)", event);
            return new Result(id, request.name(), text, schema, false, actions, event);
        });
    }

    private record Row(long id, String schema, String versionText) {}

    /** The registry row to remove: the active row of the version, or its renamed revision N. */
    private static Row find(Connection c, Request request, PackageVersion version, String what) throws SQLException {
        try (PreparedStatement ps = RegistryQueries.prepare(
                        c,
                        "SELECT id, schema_name, version_text"
                                + " FROM sem_packages.packages WHERE name = ? AND v_major = ? AND v_minor = ?"
                                + " AND v_patch = ? AND v_pre = ? AND (CASE WHEN ?::int IS NULL THEN status = 'active'"
                                + " ELSE status = 'renamed' AND revision = ?::int END) ORDER BY id DESC LIMIT 1",
                        request.name(),
                        version.major(),
                        version.minor(),
                        version.patch(),
                        version.pre() == null ? "" : version.pre(),
                        request.revision(),
                        request.revision());
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new PackageException("No deployed package " + what + " is recorded in the registry"
                        + (request.revision() == null ? "" : " (as a renamed revision)")
                        + ": check name, version and revision with sem:packages");
            }
            return new Row(rs.getLong(1), rs.getString(2), rs.getString(3));
        }
    }

    /** The active packages whose dependency binds to this row. */
    private static List<String> dependents(Connection c, long id) throws SQLException {
        List<String> names = RegistryQueries.strings(
                c,
                "SELECT DISTINCT p.name || ' ' || p.version_text"
                        + " FROM sem_packages.dependencies d JOIN sem_packages.packages p ON p.id = d.package_id"
                        + " WHERE p.status = 'active' AND p.id <> ? AND sem_packages.current_package_id(d.resolved_id) = ?"
                        + " ORDER BY 1",
                id,
                id);
        return names.isEmpty() ? List.of() : List.of("active packages depend on it: " + String.join(", ", names));
    }

    private static List<String> schemaProblems(Connection c, String schema, boolean allowTables) throws SQLException {
        try (PreparedStatement ps = RegistryQueries.prepare(
                        c, "SELECT sem_packages.drop_schema_problems(?, ?)", schema, allowTables);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Array a = rs.getArray(1);
            return a == null ? List.of() : Arrays.asList((String[]) a.getArray());
        }
    }
}

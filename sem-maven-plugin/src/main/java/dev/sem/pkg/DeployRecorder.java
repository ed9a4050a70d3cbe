package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import dev.sem.report.JsonReports;

/**
 * Registry bookkeeping of a deploy (pgpm spec §6.3 step 9, §12, §14.5): the package row upserted by primary key, its
 * dependency links, the deployment event, the rename of a revision, and the notifications on the fixed channel
 * {@value #CHANNEL} (JSON payload) and the legacy channel {@code deployment_events$$<name>} when it fits. All values
 * are bound.
 */
final class DeployRecorder {

    /** The fixed notification channel. */
    static final String CHANNEL = RegistrySchema.CHANNEL;

    private static final String R = RegistrySchema.SCHEMA + ".";

    private DeployRecorder() {}

    /** A new schema instance number. */
    static long newInstance(Connection c) throws SQLException {
        return Sql.scalarLong(c, "SELECT nextval('" + R + "schema_instances')");
    }

    /** Inserts the package row, or updates the current one by primary key; returns its id. */
    static long upsert(Connection c, PackageDescriptor d, String schema, long instance, RegistryState.Row current)
            throws SQLException {
        PackageVersion v = d.version();
        String pre = v.pre() == null ? "" : v.pre();
        if (current != null) {
            Sql.execBound(
                    c,
                    "UPDATE " + R + "packages SET version_text = ?, v_major = ?, v_minor = ?, v_patch = ?, v_pre = ?,"
                            + " schema_name = ?, schema_instance = ?, scope = ?, description = ?, license = ?,"
                            + " updated_at = now() WHERE id = ?",
                    v.text(),
                    v.major(),
                    v.minor(),
                    v.patch(),
                    pre,
                    schema,
                    instance,
                    d.scope().name(),
                    d.description(),
                    d.license(),
                    current.id());
            return current.id();
        }
        return Sql.scalarLong(
                c,
                "INSERT INTO " + R + "packages (name, subclass, scope, version_text, v_major, v_minor, v_patch, v_pre,"
                        + " schema_name, schema_instance, description, license) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?) RETURNING id",
                d.name(),
                d.subclass().text(),
                d.scope().name(),
                v.text(),
                v.major(),
                v.minor(),
                v.patch(),
                pre,
                schema,
                instance,
                d.description(),
                d.license());
    }

    /** Replaces the dependency links of a row with the direct dependencies as resolved. */
    static void dependencies(Connection c, long id, List<DeployPlan.ResolvedDependency> direct) throws SQLException {
        Sql.execBound(c, "DELETE FROM " + R + "dependencies WHERE package_id = ?", id);
        int position = 0;
        for (DeployPlan.ResolvedDependency dep : direct) {
            Sql.execBound(
                    c,
                    "INSERT INTO " + R + "dependencies (package_id, position, dependency_name, requirement,"
                            + " resolved_id, resolved_version) VALUES (?, ?, ?, ?, ?, ?)",
                    id,
                    position++,
                    dep.name(),
                    dep.requirement(),
                    dep.id(),
                    dep.version());
        }
    }

    /**
     * Marks a row as revision N of a moderate deploy, by primary key, with the schema's new name; records a 'rename'
     * event and notifies.
     */
    static void markRenamed(
            Connection c, RegistryState.Row row, String packageName, int revision, String newSchema, DeployOptions o)
            throws SQLException {
        Sql.execBound(
                c,
                "UPDATE " + R + "packages SET status = 'renamed', revision = ?, schema_name = ?, updated_at = now()"
                        + " WHERE id = ?",
                revision,
                newSchema,
                row.id());
        long event = event(c, row.id(), "rename", o, "[]", "success");
        notify(c, event);
    }

    /** Inserts an event and returns its id. */
    static long event(Connection c, Long packageId, String event, DeployOptions o, String filesJson, String outcome)
            throws SQLException {
        return Sql.scalarLong(
                c,
                "INSERT INTO " + R + "events (package_id, event, mode, tool_version, target, vcs_ref, vcs_link,"
                        + " issue_ref, issue_link, files, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                        + " RETURNING id",
                packageId,
                event,
                o.mode().name().toLowerCase(java.util.Locale.ROOT),
                o.toolVersion() == null ? "dev" : o.toolVersion(),
                o.target(),
                o.vcsRef(),
                o.vcsLink(),
                o.issueRef(),
                o.issueLink(),
                filesJson,
                outcome);
    }

    /** The files of a result as the event's JSON. */
    static String filesJson(List<DeployResult.FileOutcome> files) {
        return JsonReports.toJson(files);
    }

    /**
     * Notifies the fixed channel {@value #CHANNEL} with {@code {package, version, schema, event, event_id}}, and the
     * legacy channel {@code deployment_events$$<name>} with {@code M_m_p} when its name fits in 63 bytes (the registry's
     * {@code notify_event}, one implementation for every event).
     */
    static void notify(Connection c, long eventId) throws SQLException {
        Sql.execBound(c, "SELECT " + R + "notify_event(?)", eventId);
    }

    /**
     * After an auto-commit deploy failed with statements committed: an event with outcome {@code partial} listing them,
     * on the package's current row, in a short transaction of its own. Best effort: returns null when there is no row.
     */
    static Long recordPartial(Connection c, PackageDescriptor d, DeployOptions o, List<String> committed)
            throws SQLException {
        c.setAutoCommit(false);
        try {
            RegistryLock.acquire(c, o.lockWait());
            RegistryState.Row row = RegistryState.current(c, d);
            if (row == null) {
                c.rollback();
                return null;
            }
            long event = event(
                    c,
                    row.id(),
                    "deploy",
                    o,
                    JsonReports.toJson(List.of(java.util.Map.of("committedStatements", committed))),
                    "partial");
            c.commit();
            return event;
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            c.setAutoCommit(true);
        }
    }
}

package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sem.Message;
import dev.sem.Option;

/**
 * The table-script log (pgpm spec §10 Ours): a table script runs once per schema instance (SCHEMA scope) or once per
 * package (DATABASE scope, instance 0), identified by its relative path, in natural order, with its SHA-256 stored; a
 * logged script whose content changed is a warning (strict: an error).
 */
final class TableScripts {

    /** The schema instance of DATABASE-scope table scripts: one log per package, across versions. */
    static final long DATABASE_INSTANCE = 0;

    /** Marks a logged key imported from pgpm ({@code sem_packages.table_scripts.origin = 'pgpm'}). */
    static final String PGPM_PREFIX = "pgpm:";

    private TableScripts() {}

    /** The stored checksum of {@code path}: by path, or ({@code ""}) by a pgpm key that is its base name or suffix. */
    static String storedFor(Map<String, String> logged, String path) {
        String stored = logged.get(path);
        if (stored != null) {
            return stored;
        }
        for (String key : logged.keySet()) {
            if (key.startsWith(PGPM_PREFIX)) {
                String pgpm = key.substring(PGPM_PREFIX.length());
                if (path.equals(pgpm) || path.endsWith("/" + pgpm)) {
                    return "";
                }
            }
        }
        return null;
    }

    /** Path to stored checksum of the scripts logged for this package and instance. */
    static Map<String, String> logged(Connection c, String packageName, long instance) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = Sql.prepare(
                        c,
                        "SELECT path, sha256, origin FROM " + RegistrySchema.SCHEMA
                                + ".table_scripts WHERE package_name = ? AND schema_instance = ?",
                        packageName,
                        instance);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // pgpm logged the base name (or the -f path as typed), without a checksum: PgpmImport keeps that key
                // with origin 'pgpm', matched below by base name or path suffix.
                out.put(
                        rs.getString(3).equals("pgpm") ? PGPM_PREFIX + rs.getString(1) : rs.getString(1),
                        rs.getString(2));
            }
        }
        return out;
    }

    /**
     * Decides for each table script whether it runs, in the loader's order (natural order within each folder,
     * folders as listed: {@link NaturalOrder#PATHS}).
     *
     * @param warnings collects the changed-content warnings
     * @throws PackageException in strict mode when a logged script changed
     */
    static List<DeployPlan.PlannedFile> plan(
            List<PackageFile> scripts, Map<String, String> logged, DeployOptions options, List<Message> warnings) {
        List<DeployPlan.PlannedFile> out = new ArrayList<>();
        for (PackageFile f : scripts) {
            String stored = storedFor(logged, f.path());
            if (stored == null) {
                out.add(new DeployPlan.PlannedFile(
                        Category.TABLES, f.path(), true, options.logOnlyTableScripts() ? "log only" : "new"));
            } else if (options.rerunTableScripts().contains(f.path())) {
                out.add(new DeployPlan.PlannedFile(Category.TABLES, f.path(), true, "rerun requested"));
            } else {
                if (!stored.isEmpty() && !stored.equals(f.sha256())) {
                    Message msg = Message.text("Table script " + f.path()
                                    + " changed since it was executed in this schema (sha256 " + stored + " then, "
                                    + f.sha256() + " now); it is not executed again. Put the change into a new table"
                                    + " script, or run it again explicitly (")
                            .then(Option.RERUN_TABLE_SCRIPTS, f.path())
                            .then(")");
                    if (options.strict()) {
                        throw new PackageException(msg);
                    }
                    warnings.add(msg);
                }
                out.add(new DeployPlan.PlannedFile(Category.TABLES, f.path(), false, "already executed"));
            }
        }
        return out;
    }

    /** Logs a script as executed (or re-executed) for this instance. */
    static void record(Connection c, String packageName, long instance, PackageFile f, long packageId, long eventId)
            throws SQLException {
        Sql.execBound(
                c,
                "INSERT INTO " + RegistrySchema.SCHEMA + ".table_scripts (package_name, schema_instance, path, sha256,"
                        + " package_id, event_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (package_name, schema_instance,"
                        + " path) DO UPDATE SET sha256 = EXCLUDED.sha256, package_id = EXCLUDED.package_id,"
                        + " event_id = EXCLUDED.event_id, executed_at = now()",
                packageName,
                instance,
                f.path(),
                f.sha256(),
                packageId,
                eventId);
    }
}

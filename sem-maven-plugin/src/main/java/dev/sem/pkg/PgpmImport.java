package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.Message;
import dev.sem.Option;

/**
 * Takes over a database that pgpm 0.1.62 manages (spec §14.5): reads {@code _pgpm} and creates the equivalent registry
 * rows, without redeploying anything.
 *
 * <p>Schema names are derived by looking for the schema that exists: {@code name} (basic), {@code name_M_m_p} with any
 * zero padding and an optional pre-release tail (versioned), plus {@code _<old_rev>} for renamed revisions. Dependency
 * links, deployment events and the table-evolution log (mapped to the row's schema instance, so table scripts are not
 * run again) are imported; rows that cannot be mapped are reported, not guessed. Re-running imports only what is new
 * ({@code sem_packages.pgpm_import_map}). {@code _pgpm} stays as it is, except that its {@code set_search_path(text,
 * text)} is replaced by a wrapper delegating to {@code sem_packages.set_search_path}; with {@code dropPgpm} the schema
 * is dropped and recreated with only that wrapper (its USAGE and EXECUTE grants are kept).
 */
public final class PgpmImport {

    /** A pgpm row imported in this run ({@code schema} is null for a DATABASE-scope package). */
    public record Imported(
            int pgpmId, long packageId, String name, String version, String scope, String schema, String status) {}

    /** A pgpm row (package, link, event, table script) that was not imported, and why (which may name an option). */
    public record Unmapped(String kind, int pgpmId, String description, Message reason) {

        /** A row not imported for a reason that names no option. */
        public Unmapped(String kind, int pgpmId, String description, String reason) {
            this(kind, pgpmId, description, Message.text(reason));
        }
    }

    /**
     * What the import did.
     *
     * @param pgpmVersion pgpm's own version from its registry row, or null
     * @param imported the packages imported now
     * @param alreadyImported pgpm package ids imported by an earlier run
     * @param unmapped what could not be imported
     * @param dependencies links imported
     * @param events deployment events imported
     * @param tableScripts table-script log entries imported
     * @param pgpmDropped whether {@code _pgpm} was dropped (and recreated with the wrapper only)
     * @param warnings things to look at (which may name options)
     */
    public record Result(
            String pgpmVersion,
            List<Imported> imported,
            List<Integer> alreadyImported,
            List<Unmapped> unmapped,
            int dependencies,
            int events,
            int tableScripts,
            boolean pgpmDropped,
            List<Message> warnings) {}

    private record PgpmRow(
            int id,
            String name,
            int major,
            int minor,
            int patch,
            String pre,
            Integer oldRev,
            String subclass,
            String description,
            String license) {
        String display() {
            return name + " " + major + "." + minor + "." + patch + (oldRev == null ? "" : " revision " + oldRev)
                    + " (pgpm id " + id + ")";
        }
    }

    private final Connection c;
    private final Set<String> databaseScope;
    private final Map<Integer, Long> packageMap = new HashMap<>();
    private final Map<Integer, String> versionTexts = new HashMap<>();
    private final List<Imported> imported = new ArrayList<>();
    private final List<Integer> already = new ArrayList<>();
    private final List<Unmapped> unmapped = new ArrayList<>();
    private final List<Message> warnings = new ArrayList<>();
    private String pgpmVersion;

    private PgpmImport(Connection c, Set<String> databaseScope) {
        this.c = c;
        this.databaseScope = databaseScope;
    }

    /**
     * Imports {@code _pgpm} in one transaction under the registry lock (creating or upgrading the registry first).
     *
     * @throws PackageException when there is no {@code _pgpm} registry
     */
    public static Result run(Connection c, boolean dropPgpm, Duration lockWait) throws SQLException {
        return run(c, dropPgpm, Set.of(), lockWait);
    }

    /**
     * Imports {@code _pgpm}, taking the packages named in {@code databaseScope} as DATABASE-scope packages (pgpm did
     * not record the scope): no schema is looked for, and their table-script log is kept once per package, as the
     * deployer keeps it for that scope.
     *
     * @throws PackageException when there is no {@code _pgpm} registry
     */
    public static Result run(Connection c, boolean dropPgpm, Set<String> databaseScope, Duration lockWait)
            throws SQLException {
        return RegistryInstaller.inTransaction(c, lockWait, () -> {
            if (!RegistryQueries.exists(c, "SELECT to_regclass('_pgpm.packages') IS NOT NULL")) {
                throw new PackageException(
                        "There is no pgpm registry in this database (no table _pgpm.packages):" + " nothing to import");
            }
            RegistrySchema.migrate(c, RegistryMigrations.ALL);
            return new PgpmImport(c, Set.copyOf(databaseScope)).importAll(dropPgpm);
        });
    }

    private Result importAll(boolean dropPgpm) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT pgpm_id, target_id FROM sem_packages.pgpm_import_map" + " WHERE kind = 'package'")) {
            while (rs.next()) {
                packageMap.put(rs.getInt(1), rs.getLong(2));
            }
        }
        Set<String> schemas = new TreeSet<>(RegistryQueries.strings(c, "SELECT nspname::text FROM pg_namespace"));
        List<PgpmRow> rows = readPackages();
        List<PgpmRow> fresh = new ArrayList<>();
        for (PgpmRow row : rows) {
            if (row.name().equals("_pgpm")) {
                pgpmVersion = row.major() + "." + row.minor() + "." + row.patch();
            } else if (packageMap.containsKey(row.id())) {
                already.add(row.id());
            } else if (importPackage(row, schemas)) {
                fresh.add(row);
            }
        }
        int links = 0;
        for (PgpmRow row : fresh) {
            links += importLinks(row, rows);
        }
        int events = importEvents();
        int scripts = importTableScripts();
        installWrapper(dropPgpm);
        if (!dropPgpm
                && RegistryQueries.exists(
                        c,
                        "SELECT EXISTS (SELECT 1 FROM pg_event_trigger t"
                                + " JOIN pg_proc p ON p.oid = t.evtfoid WHERE p.pronamespace = '_pgpm'::regnamespace)")) {
            warnings.add(Message.text("pgpm's DDL event trigger is still installed and logs every DDL statement into"
                            + " _pgpm.ddl_changes_log; drop it (DROP EVENT TRIGGER) or import again with ")
                    .then(Option.DROP_PGPM, "true"));
        }
        return new Result(pgpmVersion, imported, already, unmapped, links, events, scripts, dropPgpm, warnings);
    }

    private List<PgpmRow> readPackages() throws SQLException {
        List<PgpmRow> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT p.pkg_id, p.pkg_name, p.pkg_v_major, p.pkg_v_minor,"
                                + " p.pkg_v_patch, p.pkg_v_pre, p.pkg_old_rev, coalesce(sc.pkg_sc_name, 'versioned'),"
                                + " p.pkg_description, p.pkg_license FROM _pgpm.packages p"
                                + " LEFT JOIN _pgpm.package_subclasses sc ON sc.pkg_sc_id = p.pkg_subclass ORDER BY p.pkg_id")) {
            while (rs.next()) {
                rows.add(new PgpmRow(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getString(6),
                        (Integer) rs.getObject(7),
                        rs.getString(8),
                        rs.getString(9),
                        rs.getString(10)));
            }
        }
        return rows;
    }

    /** The existing schemas that can hold the row, with the version text and pre-release each implies. */
    static List<String[]> candidates(
            String name, String subclass, int major, int minor, int patch, Integer oldRev, Set<String> schemas) {
        String rev = oldRev == null ? "" : "_" + oldRev;
        List<String[]> out = new ArrayList<>();
        if (subclass.equals("basic")) {
            if (schemas.contains(name + rev)) {
                String text = major + "_" + minor + "_" + patch;
                out.add(new String[] {name + rev, text, ""});
            }
            return out;
        }
        Pattern p = Pattern.compile(Pattern.quote(name) + "_(0*" + major + "_0*" + minor + "_0*" + patch
                + ")(?:_([a-z][a-z0-9]*))?" + Pattern.quote(rev));
        for (String s : schemas) {
            Matcher m = p.matcher(s);
            if (m.matches()) {
                String pre = m.group(2) == null ? "" : m.group(2);
                out.add(new String[] {s, m.group(1) + (pre.isEmpty() ? "" : "_" + pre), pre});
            }
        }
        return out;
    }

    private boolean importPackage(PgpmRow row, Set<String> schemas) throws SQLException {
        if (!row.subclass().equals("basic") && !row.subclass().equals("versioned")) {
            unmapped.add(new Unmapped("package", row.id(), row.display(), "unknown subclass " + row.subclass()));
            return false;
        }
        boolean database = databaseScope.contains(row.name());
        List<String[]> found = database
                ? List.<String[]>of(new String[] {null, row.major() + "_" + row.minor() + "_" + row.patch(), ""})
                : candidates(row.name(), row.subclass(), row.major(), row.minor(), row.patch(), row.oldRev(), schemas);
        if (found.size() != 1) {
            unmapped.add(new Unmapped(
                    "package",
                    row.id(),
                    row.display(),
                    found.isEmpty()
                            ? Message.text("no schema of that name and version exists (dropped; or a DATABASE-scope"
                                            + " package: name it in ")
                                    .then(Option.DATABASE_SCOPE)
                                    .then(")")
                            : Message.text("several schemas fit: "
                                    + String.join(
                                            ", ", found.stream().map(f -> f[0]).toList()))));
            return false;
        }
        String schema = found.get(0)[0];
        String pre = found.get(0)[2].isEmpty() && row.pre() != null && row.pre().matches("[a-z0-9]+")
                ? row.pre()
                : found.get(0)[2];
        String status = row.oldRev() == null ? "active" : "renamed";
        Long inserted = insertRow(row, database ? "DATABASE" : "SCHEMA", found.get(0)[1], pre, schema, status);
        if (inserted == null) {
            return false;
        }
        long id = inserted;
        RegistryQueries.update(
                c,
                "INSERT INTO sem_packages.pgpm_import_map (kind, pgpm_id, target_id)" + " VALUES ('package', ?, ?)",
                row.id(),
                id);
        RegistryQueries.update(
                c,
                "INSERT INTO sem_packages.events (package_id, event, tool_version, files)"
                        + " VALUES (?, 'import', ?, jsonb_build_array(jsonb_build_object('pgpm_pkg_id', ?::int)))",
                id,
                RegistrySchema.toolVersion(),
                row.id());
        packageMap.put(row.id(), id);
        versionTexts.put(row.id(), found.get(0)[1]);
        imported.add(new Imported(
                row.id(), id, row.name(), found.get(0)[1], database ? "DATABASE" : "SCHEMA", schema, status));
        return true;
    }

    /** Inserts the registry row; null (reported) when it conflicts with a row already present. */
    private Long insertRow(PgpmRow row, String scope, String versionText, String pre, String schema, String status)
            throws SQLException {
        Savepoint sp = c.setSavepoint();
        long id;
        try (PreparedStatement ps = RegistryQueries.prepare(
                        c,
                        "INSERT INTO sem_packages.packages (name, subclass,"
                                + " scope, version_text, v_major, v_minor, v_patch, v_pre, schema_name, schema_instance,"
                                + " status, revision, description, license) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                                + " nextval('sem_packages.schema_instances'), ?, ?, ?, ?) RETURNING id",
                        row.name(),
                        row.subclass(),
                        scope,
                        versionText,
                        row.major(),
                        row.minor(),
                        row.patch(),
                        pre,
                        schema,
                        status,
                        row.oldRev(),
                        row.description(),
                        row.license());
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(sp);
            unmapped.add(new Unmapped(
                    "package",
                    row.id(),
                    row.display(),
                    "conflicts with a registry row already present (same active version or schema " + schema + ")"));
            return null;
        }
        c.releaseSavepoint(sp);
        return id;
    }

    private int importLinks(PgpmRow row, List<PgpmRow> rows) throws SQLException {
        List<String> deps = RegistryQueries.strings(
                c,
                "SELECT pkg_link_dep_id::text FROM _pgpm.package_dependencies"
                        + " WHERE pkg_link_core_id = ? ORDER BY pkg_link_dep_id",
                row.id());
        int position = 0;
        for (String d : deps) {
            int depId = Integer.parseInt(d);
            PgpmRow dep = rows.stream().filter(r -> r.id() == depId).findFirst().orElse(null);
            Long target = packageMap.get(depId);
            if (dep == null || target == null) {
                unmapped.add(new Unmapped(
                        "dependency",
                        row.id(),
                        row.display() + " -> " + (dep == null ? "pgpm id " + depId : dep.display()),
                        "the dependency was not imported"));
                continue;
            }
            String version =
                    RegistryQueries.string(c, "SELECT version_text FROM sem_packages.packages WHERE id = ?", target);
            RegistryQueries.update(
                    c,
                    "INSERT INTO sem_packages.dependencies (package_id, position, dependency_name,"
                            + " requirement, resolved_id, resolved_version) VALUES (?, ?, ?, ?, ?, ?)",
                    packageMap.get(row.id()),
                    ++position,
                    dep.name(),
                    "=" + version,
                    target,
                    version);
        }
        return position;
    }

    private int importEvents() throws SQLException {
        int count = 0;
        String tool = "pgpm " + (pgpmVersion == null ? "" : pgpmVersion);
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT e.dpl_ev_id, e.dpl_ev_pkg_id, e.dpl_ev_vcs_ref,"
                        + " e.dpl_ev_vcs_link, e.dpl_ev_issue_id, e.dpl_ev_issue_link, e.dpl_ev_time, e.dpl_ev_txid"
                        + " FROM _pgpm.deployment_events e WHERE NOT EXISTS (SELECT 1 FROM sem_packages.pgpm_import_map"
                        + " m WHERE m.kind = 'event' AND m.pgpm_id = e.dpl_ev_id) ORDER BY e.dpl_ev_id")) {
            while (rs.next()) {
                Long target = packageMap.get(rs.getInt(2));
                if (target == null) {
                    unmapped.add(new Unmapped(
                            "event",
                            rs.getInt(1),
                            "deployment event of pgpm package " + rs.getInt(2) + " at " + rs.getTimestamp(7),
                            "its package was not imported"));
                    continue;
                }
                Timestamp time = rs.getTimestamp(7);
                String id = RegistryQueries.string(
                        c,
                        "INSERT INTO sem_packages.events (package_id, event, mode,"
                                + " occurred_at, txid, session_user_name, tool_version, vcs_ref, vcs_link, issue_ref,"
                                + " issue_link) VALUES (?, 'deploy', NULL, coalesce(?, now()), coalesce(?, 0),"
                                + " 'unknown (pgpm)', ?, ?, ?, ?, ?) RETURNING id",
                        target,
                        time,
                        rs.getObject(8),
                        tool,
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6));
                RegistryQueries.update(
                        c,
                        "INSERT INTO sem_packages.pgpm_import_map (kind, pgpm_id, target_id)"
                                + " VALUES ('event', ?, ?)",
                        rs.getInt(1),
                        Long.parseLong(id));
                count++;
            }
        }
        return count;
    }

    private int importTableScripts() throws SQLException {
        int count = 0;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT t.t_evo_id, t.t_evo_package, t.t_evo_file_name,"
                        + " t.t_evo_created FROM _pgpm.table_evolutions_log t WHERE NOT EXISTS (SELECT 1"
                        + " FROM sem_packages.pgpm_import_map m WHERE m.kind = 'table_script'"
                        + " AND m.pgpm_id = t.t_evo_id) ORDER BY t.t_evo_id")) {
            while (rs.next()) {
                Long target = packageMap.get(rs.getInt(2));
                if (target == null || rs.getString(3) == null) {
                    unmapped.add(new Unmapped(
                            "table_script",
                            rs.getInt(1),
                            "table script " + rs.getString(3) + " of pgpm package " + rs.getInt(2),
                            "its package was not imported"));
                    continue;
                }
                RegistryQueries.update(
                        c,
                        "INSERT INTO sem_packages.table_scripts (package_name, schema_instance,"
                                + " path, sha256, package_id, executed_at, origin) SELECT p.name, CASE WHEN p.scope = 'DATABASE'"
                                + " THEN 0 ELSE p.schema_instance END, ?, '',"
                                + " p.id, coalesce(?, now()), 'pgpm' FROM sem_packages.packages p WHERE p.id = ?"
                                + " ON CONFLICT (package_name, schema_instance, path) DO NOTHING",
                        rs.getString(3),
                        rs.getTimestamp(4),
                        target);
                String id = RegistryQueries.string(
                        c,
                        "SELECT t.id FROM sem_packages.table_scripts t"
                                + " JOIN sem_packages.packages p ON p.name = t.package_name"
                                + " AND t.schema_instance = CASE WHEN p.scope = 'DATABASE' THEN 0 ELSE p.schema_instance"
                                + " END WHERE p.id = ? AND t.path = ?",
                        target,
                        rs.getString(3));
                RegistryQueries.update(
                        c,
                        "INSERT INTO sem_packages.pgpm_import_map (kind, pgpm_id, target_id)"
                                + " VALUES ('table_script', ?, ?)",
                        rs.getInt(1),
                        Long.parseLong(id));
                count++;
            }
        }
        return count;
    }

    private void installWrapper(boolean dropPgpm) throws SQLException {
        List<String> grantees = new ArrayList<>();
        if (dropPgpm) {
            grantees.addAll(RegistryQueries.strings(
                    c,
                    "SELECT DISTINCT CASE WHEN a.grantee = 0 THEN 'PUBLIC'"
                            + " ELSE pg_get_userbyid(a.grantee) END FROM pg_namespace n, aclexplode(n.nspacl) a"
                            + " WHERE n.nspname = '_pgpm' AND a.privilege_type = 'USAGE' AND a.grantee <> n.nspowner"));
            try (Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA _pgpm CASCADE");
                st.execute("CREATE SCHEMA _pgpm");
                st.execute("COMMENT ON SCHEMA _pgpm IS 'pgpm compatibility: set_search_path delegates to"
                        + " sem_packages.set_search_path (the pgpm registry was imported by sem and dropped)'");
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE FUNCTION _pgpm.set_search_path(p_schema_name text, p_v_req text)"
                    + " RETURNS json LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = sem_packages, pg_temp"
                    + " AS $fn$ SELECT sem_packages.set_search_path(p_schema_name, p_v_req) $fn$");
            st.execute("COMMENT ON FUNCTION _pgpm.set_search_path(text, text) IS 'pgpm compatibility wrapper:"
                    + " delegates to sem_packages.set_search_path'");
            for (String g : grantees) {
                String who = g.equals("PUBLIC") ? "PUBLIC" : RegistrySchema.quoteIdent(g);
                st.execute("GRANT USAGE ON SCHEMA _pgpm TO " + who);
                st.execute("GRANT EXECUTE ON FUNCTION _pgpm.set_search_path(text, text) TO " + who);
            }
        }
    }
}

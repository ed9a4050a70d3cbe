package dev.sem.pkg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The packages a database's registry records, with their last event (for {@code sem:packages}). */
public final class PackageListing {

    /**
     * One registry row.
     *
     * @param id the registry row id
     * @param name the package
     * @param version the version as written
     * @param subclass versioned or basic
     * @param scope SCHEMA or DATABASE
     * @param schema the schema, or null for DATABASE scope
     * @param status active, renamed or dropped
     * @param revision the revision N of a renamed row, or null
     * @param schemaExists whether the schema exists now
     * @param lastEvent the latest event, or null
     */
    public record Entry(
            long id,
            String name,
            String version,
            String subclass,
            String scope,
            String schema,
            String status,
            Integer revision,
            boolean schemaExists,
            Event lastEvent) {}

    /**
     * An event of a package row.
     *
     * @param id the event id
     * @param event deploy, rename, drop or import
     * @param time when
     * @param mode the deploy mode, or null
     * @param vcsRef the VCS reference, or null
     * @param user the session user
     */
    public record Event(long id, String event, OffsetDateTime time, String mode, String vcsRef, String user) {}

    private PackageListing() {}

    /**
     * Every registry row (dropped ones only when {@code includeDropped}), by name, then version (highest first).
     *
     * @return empty when the database has no registry
     */
    public static List<Entry> list(Connection c, boolean includeDropped) throws SQLException {
        int version = RegistrySchema.installedVersion(c);
        if (version == 0) {
            return List.of();
        }
        if (version > RegistryMigrations.latest()) {
            throw RegistrySchema.newerThanTool(version, RegistryMigrations.latest());
        }
        List<Entry> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT p.id, p.name, p.version_text, p.subclass, p.scope,"
                        + " p.schema_name, p.status, p.revision, EXISTS (SELECT 1 FROM pg_namespace n"
                        + " WHERE n.nspname = p.schema_name), e.id, e.event, e.occurred_at, e.mode, e.vcs_ref,"
                        + " e.session_user_name FROM sem_packages.packages p LEFT JOIN LATERAL (SELECT * FROM"
                        + " sem_packages.events x WHERE x.package_id = p.id ORDER BY x.occurred_at DESC, x.id DESC"
                        + " LIMIT 1) e ON true" + (includeDropped ? "" : " WHERE p.status <> 'dropped'")
                        + " ORDER BY p.name, p.v_major DESC, p.v_minor DESC, p.v_patch DESC, (p.v_pre = '') DESC,"
                        + " p.v_pre COLLATE \"C\" DESC, p.status, p.revision DESC NULLS FIRST, p.id")) {
            while (rs.next()) {
                long eventId = rs.getLong(10);
                Event event = rs.wasNull()
                        ? null
                        : new Event(
                                eventId,
                                rs.getString(11),
                                rs.getObject(12, OffsetDateTime.class),
                                rs.getString(13),
                                rs.getString(14),
                                rs.getString(15));
                out.add(new Entry(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        (Integer) rs.getObject(8),
                        rs.getBoolean(9),
                        event));
            }
        }
        return out;
    }

    /** One line per entry: name, version, schema, status, last event. */
    public static String format(Entry e) {
        String status = e.status() + (e.revision() == null ? "" : " " + e.revision());
        String schema = e.schema() == null ? "(database scope)" : e.schema() + (e.schemaExists() ? "" : " (missing)");
        String event = e.lastEvent() == null
                ? "no event"
                : e.lastEvent().event() + " " + e.lastEvent().time()
                        + (e.lastEvent().mode() == null
                                ? ""
                                : " " + e.lastEvent().mode())
                        + (e.lastEvent().vcsRef() == null
                                ? ""
                                : " " + e.lastEvent().vcsRef());
        return String.format("%-30s %-12s %-40s %-10s %s", e.name(), e.version(), schema, status, event);
    }
}

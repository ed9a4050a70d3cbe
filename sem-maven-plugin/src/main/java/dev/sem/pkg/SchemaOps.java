package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** The schema actions of the deploy modes (pgpm spec §7): revision names, the cascade victims, create, rename, drop. */
final class SchemaOps {

    /** The schema containing victim v: of its table for defaults, triggers, policies and constraints. */
    private static final String CONTAINER = "CASE v.classid"
            + " WHEN 'pg_catalog.pg_class'::regclass THEN (SELECT x.relnamespace FROM pg_catalog.pg_class x"
            + " WHERE x.oid = v.objid)"
            + " WHEN 'pg_catalog.pg_proc'::regclass THEN (SELECT x.pronamespace FROM pg_catalog.pg_proc x"
            + " WHERE x.oid = v.objid)"
            + " WHEN 'pg_catalog.pg_type'::regclass THEN (SELECT x.typnamespace FROM pg_catalog.pg_type x"
            + " WHERE x.oid = v.objid)"
            + " WHEN 'pg_catalog.pg_attrdef'::regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_attrdef x"
            + " JOIN pg_catalog.pg_class c ON c.oid = x.adrelid WHERE x.oid = v.objid)"
            + " WHEN 'pg_catalog.pg_trigger'::regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_trigger x"
            + " JOIN pg_catalog.pg_class c ON c.oid = x.tgrelid WHERE x.oid = v.objid)"
            + " WHEN 'pg_catalog.pg_policy'::regclass THEN (SELECT c.relnamespace FROM pg_catalog.pg_policy x"
            + " JOIN pg_catalog.pg_class c ON c.oid = x.polrelid WHERE x.oid = v.objid)"
            + " WHEN 'pg_catalog.pg_constraint'::regclass THEN (SELECT x.connamespace FROM pg_catalog.pg_constraint x"
            + " WHERE x.oid = v.objid)"
            + " ELSE (SELECT n.oid FROM pg_catalog.pg_namespace n WHERE n.nspname = o.schema) END";

    /**
     * Objects outside the schema that {@code DROP SCHEMA … CASCADE} would drop, transitively, from {@code pg_depend}:
     * a view's rewrite rule counts as its view. User objects only (oid ≥ 16384).
     */
    private static final String VICTIMS = "WITH RECURSIVE dep AS ("
            + " SELECT d.refclassid, d.refobjid,"
            + " CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::regclass THEN 'pg_catalog.pg_class'::regclass"
            + " ELSE d.classid END AS classid,"
            + " CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::regclass"
            + " THEN (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid) ELSE d.objid END AS objid,"
            + " CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::regclass THEN 0 ELSE d.objsubid END AS objsubid"
            + " FROM pg_catalog.pg_depend d WHERE d.deptype IN ('n', 'a') AND d.objid >= 16384),"
            + " victims(classid, objid, objsubid) AS ("
            + " SELECT dep.classid, dep.objid, dep.objsubid FROM dep"
            + " CROSS JOIN LATERAL pg_catalog.pg_identify_object(dep.refclassid, dep.refobjid, 0) r"
            + " WHERE r.schema = ? OR (dep.refclassid = 'pg_catalog.pg_namespace'::regclass"
            + " AND dep.refobjid = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?))"
            + " UNION SELECT dep.classid, dep.objid, dep.objsubid FROM dep"
            + " JOIN victims v ON dep.refclassid = v.classid AND dep.refobjid = v.objid)"
            + " SELECT pg_catalog.pg_describe_object(v.classid, v.objid, v.objsubid) AS d FROM victims v"
            + " CROSS JOIN LATERAL pg_catalog.pg_identify_object(v.classid, v.objid, v.objsubid) o"
            + " WHERE " + CONTAINER + " IS DISTINCT FROM (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)"
            + " AND NOT (v.classid = 'pg_catalog.pg_namespace'::regclass AND o.identity = ?)"
            + " AND NOT (v.objsubid <> 0 AND EXISTS (SELECT 1 FROM victims w"
            + " WHERE w.classid = v.classid AND w.objid = v.objid AND w.objsubid = 0))"
            + " GROUP BY 1 ORDER BY 1";

    /** Tables, views, sequences, routines and types this transaction created or altered in other schemas. */
    private static final String OUTSIDE = "SELECT pg_catalog.pg_describe_object(x.classid, x.objid, 0) FROM ("
            + " SELECT 'pg_catalog.pg_class'::regclass AS classid, c.oid AS objid, c.relnamespace AS ns"
            + " FROM pg_catalog.pg_class c WHERE c.xmin = pg_catalog.pg_current_xact_id()::xid"
            + " AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
            + " UNION ALL SELECT 'pg_catalog.pg_proc'::regclass, p.oid, p.pronamespace FROM pg_catalog.pg_proc p"
            + " WHERE p.xmin = pg_catalog.pg_current_xact_id()::xid"
            + " UNION ALL SELECT 'pg_catalog.pg_type'::regclass, t.oid, t.typnamespace FROM pg_catalog.pg_type t"
            + " WHERE t.xmin = pg_catalog.pg_current_xact_id()::xid AND t.typtype IN ('b', 'c', 'd', 'e', 'r')"
            + " AND (t.typrelid = 0 OR (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c')"
            + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.typarray = t.oid)) x"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = x.ns"
            + " WHERE n.nspname <> ? AND n.nspname NOT IN ('" + RegistrySchema.SCHEMA + "', 'pg_catalog',"
            + " 'information_schema') AND pg_catalog.left(n.nspname, 3) <> 'pg_' ORDER BY 1";

    private SchemaOps() {}

    /**
     * What the deploy transaction created or altered outside the package schema (spec §13 item 5: reported, not
     * silently ignored).
     */
    static List<String> changedOutside(Connection c, String schema) throws SQLException {
        return Sql.strings(c, OUTSIDE, schema);
    }

    static List<String> cascadeVictims(Connection c, String schema) throws SQLException {
        return Sql.strings(c, VICTIMS, schema, schema, schema, schema);
    }

    /** The revision name {@code <schema>_<N>} with the smallest N ≥ 0 that no schema has yet. */
    static String freeRevision(Connection c, String schema) throws SQLException {
        for (int n = 0; ; n++) {
            String name = SchemaNames.revisionName(schema, n);
            if (!Sql.schemaExists(c, name)) {
                return name;
            }
        }
    }

    /** N of a revision name produced by {@link #freeRevision}. */
    static int revisionNumber(String schema, String revision) {
        return Integer.parseInt(revision.substring(schema.length() + 1));
    }

    static void create(Connection c, String schema) throws SQLException {
        Sql.exec(c, "CREATE SCHEMA " + Sql.ident(schema));
    }

    static void rename(Connection c, String schema, String to) throws SQLException {
        Sql.exec(c, "ALTER SCHEMA " + Sql.ident(schema) + " RENAME TO " + Sql.ident(to));
    }

    static void dropCascade(Connection c, String schema) throws SQLException {
        Sql.exec(c, "DROP SCHEMA " + Sql.ident(schema) + " CASCADE");
    }
}

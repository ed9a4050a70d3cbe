package dev.sem.pkg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Privileges and ownership after a full deploy in SCHEMA scope, mode other than overwrite (pgpm spec §13 Ours):
 * REVOKE ALL FROM PUBLIC on the schema, tables, sequences and routines; USAGE on the schema and EXECUTE on every routine
 * for the usage roles, with USAGE on the registry schema and EXECUTE on its API ({@code set_search_path}), optionally SELECT on views, USAGE on types and sequences and default privileges; then the owner
 * role owns the schema and every object in it (all type kinds and domains, functions, procedures, aggregates, tables,
 * partitioned tables, views, materialized views, foreign tables, sequences no column owns). Triggers are skipped: they
 * have no owner. Every identifier is quoted.
 *
 * @param schema the package schema
 * @param owner the owner role, or null
 * @param usage the usage roles
 * @param views grant SELECT on views and materialized views
 * @param types grant USAGE on types and domains
 * @param sequences grant USAGE, SELECT on sequences
 * @param defaults set matching default privileges
 * @param revokeTypes revoke the default USAGE on types and domains from PUBLIC
 */
record Grants(
        String schema,
        String owner,
        List<String> usage,
        boolean views,
        boolean types,
        boolean sequences,
        boolean defaults,
        boolean revokeTypes) {

    private static final String NOT_EXTENSION =
            " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.objid = %s AND e.deptype = 'e')";
    private static final String IN_SCHEMA = " = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = ?)";

    /** The statements that do not depend on the objects: REVOKE and schema-wide grants, for the plan too. */
    List<String> schemaStatements() {
        String s = Sql.ident(schema);
        List<String> out = new ArrayList<>();
        out.add("REVOKE ALL ON SCHEMA " + s + " FROM PUBLIC");
        out.add("REVOKE ALL ON ALL TABLES IN SCHEMA " + s + " FROM PUBLIC");
        out.add("REVOKE ALL ON ALL SEQUENCES IN SCHEMA " + s + " FROM PUBLIC");
        out.add("REVOKE ALL ON ALL ROUTINES IN SCHEMA " + s + " FROM PUBLIC");
        if (!usage.isEmpty()) {
            String roles = Sql.idents(usage);
            out.add("GRANT USAGE ON SCHEMA " + s + " TO " + roles);
            out.add("GRANT EXECUTE ON ALL ROUTINES IN SCHEMA " + s + " TO " + roles);
            // The usage roles bind sessions with set_search_path (§12.2): the registry's API is theirs too.
            out.add("GRANT USAGE ON SCHEMA " + Sql.ident(RegistrySchema.SCHEMA) + " TO " + roles);
            for (String f : RegistryInstaller.API_FUNCTIONS) {
                out.add("GRANT EXECUTE ON FUNCTION " + f + " TO " + roles);
            }
            if (sequences) {
                out.add("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + s + " TO " + roles);
            }
            if (defaults) {
                String forRole = owner == null ? "" : " FOR ROLE " + Sql.ident(owner);
                String adp = "ALTER DEFAULT PRIVILEGES" + forRole + " IN SCHEMA " + s + " GRANT ";
                out.add(adp + "EXECUTE ON ROUTINES TO " + roles);
                if (sequences) {
                    out.add(adp + "USAGE, SELECT ON SEQUENCES TO " + roles);
                }
                if (types) {
                    out.add(adp + "USAGE ON TYPES TO " + roles);
                }
            }
        }
        if (owner != null) {
            out.add("ALTER SCHEMA " + s + " OWNER TO " + Sql.ident(owner));
        }
        return out;
    }

    /** What the plan shows: the schema statements plus what is done per object. */
    List<String> describe() {
        List<String> out = new ArrayList<>(schemaStatements());
        if (revokeTypes) {
            out.add("REVOKE USAGE ON every type and domain FROM PUBLIC");
        }
        if (!usage.isEmpty() && views) {
            out.add("GRANT SELECT ON every view and materialized view TO " + Sql.idents(usage));
        }
        if (!usage.isEmpty() && types) {
            out.add("GRANT USAGE ON every type and domain TO " + Sql.idents(usage));
        }
        if (owner != null) {
            out.add("ALTER … OWNER TO " + Sql.ident(owner) + " for every object in the schema (triggers skipped)");
        }
        return out;
    }

    /** Every statement, the per-object ones read from the catalog now. */
    List<String> statements(Connection c) throws SQLException {
        List<String> out = new ArrayList<>(schemaStatements());
        String roles = usage.isEmpty() ? null : Sql.idents(usage);
        String s = Sql.ident(schema) + ".";
        if (revokeTypes) {
            for (String[] t : types(c)) {
                out.add("REVOKE USAGE ON " + (t[1].equals("d") ? "DOMAIN " : "TYPE ") + s + Sql.ident(t[0])
                        + " FROM PUBLIC");
            }
        }
        if (roles != null && views) {
            for (String[] r : relations(c, "'v', 'm'")) {
                out.add("GRANT SELECT ON " + s + Sql.ident(r[0]) + " TO " + roles);
            }
        }
        if (roles != null && types) {
            for (String[] t : types(c)) {
                out.add("GRANT USAGE ON " + (t[1].equals("d") ? "DOMAIN " : "TYPE ") + s + Sql.ident(t[0]) + " TO "
                        + roles);
            }
        }
        if (owner != null) {
            String to = " OWNER TO " + Sql.ident(owner);
            for (String[] r : relations(c, "'r', 'p', 'v', 'm', 'f', 'S'")) {
                out.add("ALTER " + relationKeyword(r[1]) + " " + s + Sql.ident(r[0]) + to);
            }
            for (String[] f : routines(c)) {
                String kw = switch (f[2]) {
                    case "p" -> "PROCEDURE";
                    case "a" -> "AGGREGATE";
                    default -> "FUNCTION";
                };
                out.add("ALTER " + kw + " " + s + Sql.ident(f[0]) + "(" + f[1] + ")" + to);
            }
            for (String[] t : types(c)) {
                out.add("ALTER " + (t[1].equals("d") ? "DOMAIN " : "TYPE ") + s + Sql.ident(t[0]) + to);
            }
        }
        return out;
    }

    void apply(Connection c) throws SQLException {
        for (String sql : statements(c)) {
            Sql.exec(c, sql);
        }
    }

    private static String relationKeyword(String relkind) {
        return switch (relkind) {
            case "v" -> "VIEW";
            case "m" -> "MATERIALIZED VIEW";
            case "f" -> "FOREIGN TABLE";
            case "S" -> "SEQUENCE";
            default -> "TABLE";
        };
    }

    /** Relations of the given kinds; sequences only when no column owns them (owned ones follow their table). */
    private List<String[]> relations(Connection c, String kinds) throws SQLException {
        return query(
                c,
                "SELECT c.relname, c.relkind::text, '' FROM pg_catalog.pg_class c WHERE c.relnamespace" + IN_SCHEMA
                        + " AND c.relkind IN (" + kinds + ")"
                        + " AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
                        + " WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid"
                        + " AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')))"
                        + NOT_EXTENSION.formatted("c.oid") + " ORDER BY c.relname");
    }

    private List<String[]> routines(Connection c) throws SQLException {
        return query(
                c,
                "SELECT p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid), p.prokind::text"
                        + " FROM pg_catalog.pg_proc p WHERE p.pronamespace" + IN_SCHEMA
                        + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend i WHERE i.objid = p.oid"
                        + " AND i.classid = 'pg_catalog.pg_proc'::regclass AND i.deptype = 'i')"
                        + NOT_EXTENSION.formatted("p.oid") + " ORDER BY p.proname, 2");
    }

    /** Composite (not table row types), enum, range, base types and domains; no array or multirange types. */
    private List<String[]> types(Connection c) throws SQLException {
        return query(
                c,
                "SELECT t.typname, t.typtype::text, '' FROM pg_catalog.pg_type t"
                        + " LEFT JOIN pg_catalog.pg_class r ON r.oid = t.typrelid WHERE t.typnamespace" + IN_SCHEMA
                        + " AND t.typtype IN ('b', 'c', 'd', 'e', 'r') AND (t.typrelid = 0 OR r.relkind = 'c')"
                        + " AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_type el WHERE el.typarray = t.oid)"
                        + NOT_EXTENSION.formatted("t.oid") + " ORDER BY t.typname");
    }

    private List<String[]> query(Connection c, String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = Sql.prepare(c, sql, schema);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }
}

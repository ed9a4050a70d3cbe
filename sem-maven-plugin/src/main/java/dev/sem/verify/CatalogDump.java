package dev.sem.verify;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part of the {@link SchemaDump}: runs catalog queries on the dump's connection and appends text to the dump's
 * output. The parts share the connection, the output and the helpers here.
 */
abstract class CatalogDump {

    /** A namespace filter on alias {@code n}: user schemas only. */
    static final String USER_SCHEMA = "n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', '"
            + SchemaDump.SEM_SCHEMA + "', '" + SchemaDump.PACKAGE_REGISTRY + "')";

    /** {@code quote_ident(schema).quote_ident(name)} for alias {@code n} and a name column. */
    static String qualified(String nameColumn) {
        return "quote_ident(n.nspname) || '.' || quote_ident(" + nameColumn + ")";
    }

    /**
     * Neither a member of an extension (what {@code CREATE EXTENSION} made is the extension's business) nor an internal
     * part of another object (the constructor functions of a range type, an identity column's sequence).
     */
    static String ownObject(String catalog, String oidColumn) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog + "'::regclass AND e.objid = "
                + oidColumn + " AND e.objsubid = 0 AND e.deptype IN ('e', 'i'))";
    }

    protected final Connection c;
    protected final StringBuilder out;

    CatalogDump(Connection c, StringBuilder out) {
        this.c = c;
        this.out = out;
    }

    void section(String title) {
        out.append("\n-- ").append(title).append('\n');
    }

    /** Grants on relations, by relation oid: {@code GRANT … ON … TO …;} lines. */
    Map<String, List<String>> relationGrants() throws SQLException {
        return grants("SELECT c.oid::text, CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || "
                + qualified("c.relname") + ", c.relacl, c.relowner FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relacl IS NOT NULL AND "
                + USER_SCHEMA);
    }

    /**
     * Grants from an ACL query returning (key, object, acl, owner): one line per grantee and privilege, without the
     * owner's own privileges and without grantors, sorted.
     */
    Map<String, List<String>> grants(String aclQuery) throws SQLException {
        return grouped("SELECT key, line FROM (SELECT g.key, 'GRANT ' || g.privilege_type || ' ON ' || g.object"
                + " || ' TO ' || CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee))"
                + " END || CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';' AS line"
                + " FROM (SELECT q.key, q.object, q.owner, (aclexplode(q.acl)).* FROM (" + aclQuery
                + ") AS q(key, object, acl, owner)) g WHERE g.grantee <> g.owner) x"
                + " ORDER BY key, line COLLATE \"C\"");
    }

    void comment(String target, String quotedComment) {
        if (quotedComment != null) {
            out.append("COMMENT ON ")
                    .append(target)
                    .append(" IS ")
                    .append(quotedComment)
                    .append(";\n");
        }
    }

    void lines(List<String> lines) {
        if (lines != null) {
            for (String line : lines) {
                out.append(line).append('\n');
            }
        }
    }

    static String stripSemicolon(String sql) {
        String s = stripTrailingNewlines(sql);
        return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
    }

    static String stripTrailingNewlines(String sql) {
        int end = sql.length();
        while (end > 0 && (sql.charAt(end - 1) == '\n' || sql.charAt(end - 1) == '\r')) {
            end--;
        }
        return sql.substring(0, end);
    }

    List<Row> rows(String sql) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] values = new String[n];
                for (int i = 0; i < n; i++) {
                    values[i] = rs.getString(i + 1);
                }
                rows.add(new Row(values));
            }
        }
        return rows;
    }

    /** Rows keyed by their first column; the remaining columns are indexed from 0. */
    Map<String, Row> keyed(String sql) throws SQLException {
        Map<String, Row> map = new LinkedHashMap<>();
        for (Row r : rows(sql)) {
            map.put(r.get(0), r.rest());
        }
        return map;
    }

    /** The second column grouped by the first, in query order. */
    Map<String, List<String>> grouped(String sql) throws SQLException {
        return grouped(sql, null);
    }

    /** The remaining columns joined by {@code separator}, grouped by the first column, in query order. */
    Map<String, List<String>> grouped(String sql, String separator) throws SQLException {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Row r : rows(sql)) {
            String value = separator == null
                    ? r.get(1)
                    : String.join(separator, r.rest().values());
            map.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(value);
        }
        return map;
    }

    /** One result row as strings ({@code t}/{@code f} for booleans, {@code null} for SQL NULL). */
    record Row(String[] values) {
        String get(int i) {
            return values[i];
        }

        Row rest() {
            String[] rest = new String[values.length - 1];
            System.arraycopy(values, 1, rest, 0, rest.length);
            return new Row(rest);
        }
    }
}

package dev.sem.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Catalog read-outs for comparing what two databases contain. Test code only. */
final class Catalog {

    private Catalog() {}

    /** Columns as {@code name type [not null] [default ...]}, in column order. */
    static List<String> columns(Connection c, String schema, String table) throws SQLException {
        return strings(c, """
                SELECT a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)
                       || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                       || COALESCE(' default ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '')
                  FROM pg_catalog.pg_attribute a
                  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 WHERE a.attrelid = pg_catalog.format('%I.%I', ?, ?)::regclass AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum
                """, schema, table);
    }

    /**
     * Constraints as {@code name: definition}, by name. NOT NULL constraints, which PostgreSQL 18 also lists here, are
     * left out: {@link #columns} shows them on every version.
     */
    static List<String> constraints(Connection c, String schema, String table) throws SQLException {
        return strings(c, """
                SELECT conname || ': ' || pg_catalog.pg_get_constraintdef(oid)
                  FROM pg_catalog.pg_constraint
                 WHERE conrelid = pg_catalog.format('%I.%I', ?, ?)::regclass AND contype <> 'n'
                 ORDER BY conname
                """, schema, table);
    }

    /** Indexes as {@code CREATE INDEX ...}, by name. */
    static List<String> indexes(Connection c, String schema, String table) throws SQLException {
        return strings(
                c,
                "SELECT indexdef FROM pg_catalog.pg_indexes WHERE schemaname = ? AND tablename = ? ORDER BY indexname",
                schema,
                table);
    }

    /** Non-internal triggers as {@code CREATE TRIGGER ...}, by name. */
    static List<String> triggers(Connection c, String schema, String table) throws SQLException {
        return strings(c, """
                SELECT pg_catalog.pg_get_triggerdef(oid)
                  FROM pg_catalog.pg_trigger
                 WHERE tgrelid = pg_catalog.format('%I.%I', ?, ?)::regclass AND NOT tgisinternal
                 ORDER BY tgname
                """, schema, table);
    }

    /** The table's comment, or {@code null}. */
    static String comment(Connection c, String schema, String table) throws SQLException {
        List<String> rows = strings(
                c,
                "SELECT pg_catalog.obj_description(pg_catalog.format('%I.%I', ?, ?)::regclass, 'pg_class')",
                schema,
                table);
        return rows.get(0);
    }

    /** Everything about a table: columns, constraints, indexes, triggers and comment. */
    static List<String> table(Connection c, String schema, String table) throws SQLException {
        List<String> all = new ArrayList<>();
        columns(c, schema, table).forEach(x -> all.add("column " + x));
        constraints(c, schema, table).forEach(x -> all.add("constraint " + x));
        indexes(c, schema, table).forEach(x -> all.add("index " + x));
        triggers(c, schema, table).forEach(x -> all.add("trigger " + x));
        all.add("comment " + comment(c, schema, table));
        return all;
    }

    /** The relations of a schema as {@code name kind}, by name. */
    static List<String> relations(Connection c, String schema) throws SQLException {
        return strings(c, """
                SELECT c.relname || ' ' || c.relkind::text FROM pg_catalog.pg_class c
                  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = ? ORDER BY c.relname
                """, schema);
    }

    /**
     * The functions of a schema as {@code name(identity args) returns type language security}, by name, without their
     * bodies.
     */
    static List<String> functions(Connection c, String schema) throws SQLException {
        return strings(c, """
                SELECT p.proname || '(' || pg_catalog.pg_get_function_arguments(p.oid) || ') returns '
                       || pg_catalog.pg_get_function_result(p.oid) || ' ' || l.lanname
                       || CASE WHEN p.prosecdef THEN ' definer' ELSE ' invoker' END
                       || ' ' || p.provolatile::text || COALESCE(' ' || array_to_string(p.proconfig, ','), '')
                  FROM pg_catalog.pg_proc p
                  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                  JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                 WHERE n.nspname = ? ORDER BY p.proname
                """, schema);
    }

    /** The body of a function of {@code schema_evolution_manager}. */
    static String functionSource(Connection c, String name) throws SQLException {
        return strings(c, """
                        SELECT p.prosrc FROM pg_catalog.pg_proc p
                          JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
                         WHERE n.nspname = 'schema_evolution_manager' AND p.proname = ?
                        """, name).get(0);
    }

    /** The rows of {@code bootstrap_scripts}, by id. */
    static List<String> bootstrapRows(Connection c) throws SQLException {
        return strings(c, "SELECT filename FROM schema_evolution_manager.bootstrap_scripts ORDER BY id");
    }

    static String string(Connection c, String sql) throws SQLException {
        return strings(c, sql).get(0);
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static List<String> strings(Connection c, String sql, String... parameters) throws SQLException {
        List<String> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(rs.getString(1));
                }
            }
        }
        return result;
    }
}

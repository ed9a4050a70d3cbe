package dev.sem.verify;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The types section of the {@link SchemaDump}: enums, domains, composite, range and base types. */
final class TypeDump extends CatalogDump {

    private Map<String, List<String>> enumLabels;
    private Map<String, List<String>> domainConstraints;
    private Map<String, List<String>> attributes;
    private Map<String, Row> domains;
    private Map<String, Row> ranges;
    private Map<String, Row> baseTypes;

    TypeDump(Connection c, StringBuilder out) {
        super(c, out);
    }

    void dump() throws SQLException {
        List<Row> rows = rows("SELECT t.oid, " + qualified("t.typname") + ", t.typtype,"
                + " quote_literal(obj_description(t.oid, 'pg_type'))"
                + " FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
                + " LEFT JOIN pg_class r ON r.oid = t.typrelid"
                + " WHERE " + USER_SCHEMA + " AND " + ownObject("pg_type", "t.oid")
                + " AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND r.relkind = 'c')"
                + "   OR (t.typtype = 'b' AND NOT EXISTS (SELECT 1 FROM pg_type el"
                + "     WHERE el.oid = t.typelem AND el.typarray = t.oid)))"
                + " ORDER BY n.nspname COLLATE \"C\", t.typname COLLATE \"C\"");
        if (rows.isEmpty()) {
            return;
        }
        load();
        section("Types");
        for (Row r : rows) {
            String oid = r.get(0);
            String name = r.get(1);
            switch (r.get(2)) {
                case "e" -> enumType(oid, name);
                case "d" -> domain(oid, name);
                case "c" -> composite(oid, name);
                case "r" -> range(oid, name);
                default -> baseType(oid, name);
            }
            comment((r.get(2).equals("d") ? "DOMAIN " : "TYPE ") + name, r.get(3));
        }
    }

    /** What the type definitions are built from, by type oid. */
    private void load() throws SQLException {
        enumLabels = grouped(
                "SELECT enumtypid::text, quote_literal(enumlabel) FROM pg_enum ORDER BY enumtypid, enumsortorder");
        domainConstraints = grouped("""
                    SELECT contypid::text, 'CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
                    FROM pg_constraint WHERE contypid <> 0 AND contype <> 'n'
                    ORDER BY contypid, conname COLLATE "C"
                    """);
        attributes = grouped("""
                    SELECT t.oid::text, quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                      || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                         THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
                    FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid
                    JOIN pg_type at ON at.oid = a.atttypid
                    WHERE t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY t.oid, a.attnum
                    """);
        domains = keyed("""
                    SELECT t.oid::text, format_type(t.typbasetype, t.typtypmod),
                      CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation
                        THEN t.typcollation::regcollation::text END,
                      pg_get_expr(t.typdefaultbin, 0), t.typnotnull
                    FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype WHERE t.typtype = 'd'
                    """);
        ranges = keyed("""
                    SELECT rngtypid::text, format_type(rngsubtype, NULL),
                      CASE WHEN rngcollation <> 0 THEN rngcollation::regcollation::text END,
                      NULLIF(rngcanonical, 0)::regproc::text, NULLIF(rngsubdiff, 0)::regproc::text
                    FROM pg_range
                    """);
        baseTypes = keyed("""
                    SELECT oid::text, typinput::regproc::text, typoutput::regproc::text, typlen::text
                    FROM pg_type WHERE typtype = 'b'
                    """);
    }

    private void enumType(String oid, String name) {
        out.append("CREATE TYPE ")
                .append(name)
                .append(" AS ENUM (")
                .append(String.join(", ", enumLabels.getOrDefault(oid, List.of())))
                .append(");\n");
    }

    private void domain(String oid, String name) {
        Row d = domains.get(oid);
        out.append("CREATE DOMAIN ").append(name).append(" AS ").append(d.get(0));
        if (d.get(1) != null) {
            out.append(" COLLATE ").append(d.get(1));
        }
        if (d.get(2) != null) {
            out.append(" DEFAULT ").append(d.get(2));
        }
        if ("t".equals(d.get(3))) {
            out.append(" NOT NULL");
        }
        for (String constraint : domainConstraints.getOrDefault(oid, List.of())) {
            out.append("\n    ").append(constraint);
        }
        out.append(";\n");
    }

    private void composite(String oid, String name) {
        out.append("CREATE TYPE ").append(name).append(" AS (");
        List<String> attrs = attributes.getOrDefault(oid, List.of());
        for (int i = 0; i < attrs.size(); i++) {
            out.append(i == 0 ? "\n    " : ",\n    ").append(attrs.get(i));
        }
        out.append(attrs.isEmpty() ? ");\n" : "\n);\n");
    }

    private void range(String oid, String name) {
        Row g = ranges.get(oid);
        out.append("CREATE TYPE ").append(name).append(" AS RANGE (SUBTYPE = ").append(g.get(0));
        appendOption("COLLATION", g.get(1));
        appendOption("CANONICAL", g.get(2));
        appendOption("SUBTYPE_DIFF", g.get(3));
        out.append(");\n");
    }

    private void baseType(String oid, String name) {
        Row b = baseTypes.get(oid);
        out.append("CREATE TYPE ")
                .append(name)
                .append(" (INPUT = ")
                .append(b.get(0))
                .append(", OUTPUT = ")
                .append(b.get(1))
                .append(", INTERNALLENGTH = ")
                .append("-1".equals(b.get(2)) ? "VARIABLE" : b.get(2))
                .append(");\n");
    }

    private void appendOption(String option, String value) {
        if (value != null) {
            out.append(", ").append(option).append(" = ").append(value);
        }
    }
}

package dev.sem.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;

/**
 * The schema of a database as deterministic text, read from the PostgreSQL catalog: what a reviewer reads after
 * {@code sem:verify}, and what two builds can diff. Two databases with the same schema give the same text, whatever the
 * order their DDL ran in, their object ids, or the roles that ran it.
 *
 * <p>Covered, in this order and each sorted by name (byte order): extensions (except the built-in {@code plpgsql}),
 * schemas, types (enums, domains, composite and range types), sequences, tables (columns with type, collation, default,
 * {@code NOT NULL}, identity and generated expressions; partitioning, inheritance, storage options; then constraints,
 * indexes, triggers, rules, row-level security policies, grants and comments), views and materialized views, and
 * functions, procedures and aggregates ({@code pg_get_functiondef}).
 *
 * <p>Left out: the system schemas ({@code pg_catalog}, {@code information_schema}, {@code pg_toast}, temporary
 * schemas), sem's own bookkeeping schema {@code schema_evolution_manager}, objects that belong to an extension, owners
 * (they name whoever ran the scripts), the grantors in grants, sequence values and data. Not covered: collations,
 * operators, casts, text-search objects, statistics objects, event triggers, foreign servers, publications.
 *
 * <p>The output reads like SQL but is ordered by name, not by dependency: read it, do not run it. Object names are
 * schema-qualified whatever the connection's {@code search_path}.
 */
public final class SchemaDump {

    /** sem's history schema (compatible with Ruby sem): bookkeeping, not the user's schema. */
    public static final String SEM_SCHEMA = "schema_evolution_manager";

    private static final String HEADER = """
            -- Schema read from the PostgreSQL catalog by sem (sem:verify).
            -- Left out: pg_catalog, information_schema, pg_toast, schema_evolution_manager (sem's history),
            -- extension members, owners and data. Ordered by name, not by dependency: read it, do not run it.
            """;

    /** A namespace filter on alias {@code n}: user schemas only. */
    private static final String USER_SCHEMA =
            "n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('information_schema', '" + SEM_SCHEMA + "')";

    /** {@code quote_ident(schema).quote_ident(name)} for alias {@code n} and a name column. */
    private static String qualified(String nameColumn) {
        return "quote_ident(n.nspname) || '.' || quote_ident(" + nameColumn + ")";
    }

    /**
     * Neither a member of an extension (what {@code CREATE EXTENSION} made is the extension's business) nor an internal
     * part of another object (the constructor functions of a range type, an identity column's sequence).
     */
    private static String ownObject(String catalog, String oidColumn) {
        return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog + "'::regclass AND e.objid = "
                + oidColumn + " AND e.objsubid = 0 AND e.deptype IN ('e', 'i'))";
    }

    private SchemaDump() {}

    /**
     * Reads the schema of the database {@code c} is connected to. Runs in a read-only transaction of its own when
     * {@code c} is in autocommit mode; the connection's {@code search_path} and autocommit mode are as before afterwards.
     *
     * @throws SQLException if a catalog query fails
     */
    public static String dump(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        String searchPath = autoCommit ? null : single(c, "SELECT current_setting('search_path')");
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            if (autoCommit) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            }
            // Names of user objects come out schema-qualified only when their schema is not on the search path.
            single(c, "SELECT set_config('search_path', 'pg_catalog', true)");
            return new Dumper(c).dump();
        } finally {
            if (autoCommit) {
                c.rollback();
                c.setAutoCommit(true);
            } else {
                try (var ps = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
                    ps.setString(1, searchPath);
                    ps.execute();
                }
            }
        }
    }

    /**
     * Writes {@link #dump(Connection)} to {@code file} (UTF-8), creating its directory.
     *
     * @throws SemException if the catalog cannot be read or the file cannot be written (environment)
     */
    public static void write(Connection c, Path file) {
        String text;
        try {
            text = dump(c);
        } catch (SQLException e) {
            throw SemException.environment("Could not read the schema for " + file + ": " + e.getMessage(), e);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw SemException.environment("Could not write the schema dump " + file + ": " + e, e);
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** One dump: the catalog queries and the text they build. */
    private static final class Dumper {

        private final Connection c;
        private final StringBuilder out = new StringBuilder(HEADER);

        Dumper(Connection c) {
            this.c = c;
        }

        String dump() throws SQLException {
            extensions();
            schemas();
            types();
            sequences();
            relations();
            functions();
            return out.toString();
        }

        private void section(String title) {
            out.append("\n-- ").append(title).append('\n');
        }

        private void extensions() throws SQLException {
            List<Row> rows = rows("""
                    SELECT quote_ident(x.extname), quote_ident(n.nspname), quote_literal(x.extversion)
                    FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
                    WHERE x.extname <> 'plpgsql'
                    ORDER BY x.extname COLLATE "C"
                    """);
            if (rows.isEmpty()) {
                return;
            }
            section("Extensions");
            for (Row r : rows) {
                out.append("CREATE EXTENSION ")
                        .append(r.get(0))
                        .append(" WITH SCHEMA ")
                        .append(r.get(1))
                        .append(" VERSION ")
                        .append(r.get(2))
                        .append(";\n");
            }
        }

        private void schemas() throws SQLException {
            List<Row> rows = rows("SELECT quote_ident(n.nspname), quote_literal(obj_description(n.oid,"
                    + " 'pg_namespace')), n.oid::text FROM pg_namespace n WHERE " + USER_SCHEMA
                    + " AND " + ownObject("pg_namespace", "n.oid") + " ORDER BY n.nspname COLLATE \"C\"");
            Map<String, List<String>> grants = grants(
                    "SELECT n.oid::text, 'SCHEMA ' || quote_ident(n.nspname), n.nspacl, n.nspowner FROM pg_namespace n"
                            + " WHERE n.nspacl IS NOT NULL AND " + USER_SCHEMA);
            if (rows.isEmpty()) {
                return;
            }
            section("Schemas");
            for (Row r : rows) {
                out.append("CREATE SCHEMA ").append(r.get(0)).append(";\n");
                lines(grants.get(r.get(2)));
                comment("SCHEMA " + r.get(0), r.get(1));
            }
        }

        private void types() throws SQLException {
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
            Map<String, List<String>> enumLabels = grouped(
                    "SELECT enumtypid::text, quote_literal(enumlabel) FROM pg_enum ORDER BY enumtypid, enumsortorder");
            Map<String, List<String>> domainConstraints = grouped("""
                    SELECT contypid::text, 'CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
                    FROM pg_constraint WHERE contypid <> 0 AND contype <> 'n'
                    ORDER BY contypid, conname COLLATE "C"
                    """);
            Map<String, List<String>> attributes = grouped("""
                    SELECT t.oid::text, quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                      || CASE WHEN a.attcollation <> 0 AND a.attcollation <> at.typcollation
                         THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
                    FROM pg_type t JOIN pg_attribute a ON a.attrelid = t.typrelid
                    JOIN pg_type at ON at.oid = a.atttypid
                    WHERE t.typtype = 'c' AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY t.oid, a.attnum
                    """);
            Map<String, Row> domains = keyed("""
                    SELECT t.oid::text, format_type(t.typbasetype, t.typtypmod),
                      CASE WHEN t.typcollation <> 0 AND t.typcollation <> b.typcollation
                        THEN t.typcollation::regcollation::text END,
                      pg_get_expr(t.typdefaultbin, 0), t.typnotnull
                    FROM pg_type t JOIN pg_type b ON b.oid = t.typbasetype WHERE t.typtype = 'd'
                    """);
            Map<String, Row> ranges = keyed("""
                    SELECT rngtypid::text, format_type(rngsubtype, NULL),
                      CASE WHEN rngcollation <> 0 THEN rngcollation::regcollation::text END,
                      NULLIF(rngcanonical, 0)::regproc::text, NULLIF(rngsubdiff, 0)::regproc::text
                    FROM pg_range
                    """);
            Map<String, Row> baseTypes = keyed("""
                    SELECT oid::text, typinput::regproc::text, typoutput::regproc::text, typlen::text
                    FROM pg_type WHERE typtype = 'b'
                    """);
            section("Types");
            for (Row r : rows) {
                String oid = r.get(0);
                String name = r.get(1);
                switch (r.get(2)) {
                    case "e" ->
                        out.append("CREATE TYPE ")
                                .append(name)
                                .append(" AS ENUM (")
                                .append(String.join(", ", enumLabels.getOrDefault(oid, List.of())))
                                .append(");\n");
                    case "d" -> {
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
                    case "c" -> {
                        out.append("CREATE TYPE ").append(name).append(" AS (");
                        List<String> attrs = attributes.getOrDefault(oid, List.of());
                        for (int i = 0; i < attrs.size(); i++) {
                            out.append(i == 0 ? "\n    " : ",\n    ").append(attrs.get(i));
                        }
                        out.append(attrs.isEmpty() ? ");\n" : "\n);\n");
                    }
                    case "r" -> {
                        Row g = ranges.get(oid);
                        out.append("CREATE TYPE ")
                                .append(name)
                                .append(" AS RANGE (SUBTYPE = ")
                                .append(g.get(0));
                        appendOption("COLLATION", g.get(1));
                        appendOption("CANONICAL", g.get(2));
                        appendOption("SUBTYPE_DIFF", g.get(3));
                        out.append(");\n");
                    }
                    default -> {
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
                }
                comment((r.get(2).equals("d") ? "DOMAIN " : "TYPE ") + name, r.get(3));
            }
        }

        private void appendOption(String option, String value) {
            if (value != null) {
                out.append(", ").append(option).append(" = ").append(value);
            }
        }

        private void sequences() throws SQLException {
            List<Row> rows = rows("SELECT c.oid::text, " + qualified("c.relname")
                    + ", format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache,"
                    + " s.seqcycle, quote_literal(obj_description(c.oid, 'pg_class')),"
                    + " (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(a.attname)"
                    + "  FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid"
                    + "  JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
                    + "  JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
                    + "  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
                    + "  AND d.refclassid = 'pg_class'::regclass AND d.deptype = 'a')"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " JOIN pg_sequence s ON s.seqrelid = c.oid"
                    // Identity sequences are internal to their column, and shown there.
                    + " WHERE c.relkind = 'S' AND " + USER_SCHEMA + " AND " + ownObject("pg_class", "c.oid")
                    + " ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"");
            if (rows.isEmpty()) {
                return;
            }
            Map<String, List<String>> grants = relationGrants();
            section("Sequences");
            for (Row r : rows) {
                out.append("CREATE SEQUENCE ")
                        .append(r.get(1))
                        .append(" AS ")
                        .append(r.get(2))
                        .append(sequenceOptions(r, 3))
                        .append(";\n");
                if (r.get(10) != null) {
                    out.append("ALTER SEQUENCE ")
                            .append(r.get(1))
                            .append(" OWNED BY ")
                            .append(r.get(10))
                            .append(";\n");
                }
                lines(grants.get(r.get(0)));
                comment("SEQUENCE " + r.get(1), r.get(9));
            }
        }

        /** START … CYCLE from six columns starting at {@code from}: start, increment, min, max, cache, cycle. */
        private static String sequenceOptions(Row r, int from) {
            return " START WITH " + r.get(from) + " INCREMENT BY " + r.get(from + 1) + " MINVALUE " + r.get(from + 2)
                    + " MAXVALUE " + r.get(from + 3) + " CACHE " + r.get(from + 4)
                    + ("t".equals(r.get(from + 5)) ? " CYCLE" : " NO CYCLE");
        }

        private void relations() throws SQLException {
            List<Row> rows = rows("SELECT c.oid::text, " + qualified("c.relname") + ", c.relkind, c.relpersistence,"
                    + " c.relrowsecurity, c.relforcerowsecurity, array_to_string(c.reloptions, ', '),"
                    + " CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,"
                    + " (SELECT quote_ident(pn.nspname) || '.' || quote_ident(p.relname) FROM pg_inherits i"
                    + "   JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                    + "   WHERE c.relispartition AND i.inhrelid = c.oid),"
                    + " CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END,"
                    + " (SELECT string_agg(quote_ident(pn.nspname) || '.' || quote_ident(p.relname), ', '"
                    + "     ORDER BY i.inhseqno) FROM pg_inherits i"
                    + "   JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                    + "   WHERE NOT c.relispartition AND i.inhrelid = c.oid),"
                    + " CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END,"
                    + " (SELECT amname FROM pg_am WHERE oid = c.relam AND amname <> 'heap'),"
                    + " quote_literal(obj_description(c.oid, 'pg_class')),"
                    + " (SELECT quote_ident(srvname) || COALESCE(' OPTIONS (' || array_to_string(ft.ftoptions, ', ')"
                    + "   || ')', '') FROM pg_foreign_table ft JOIN pg_foreign_server fs ON fs.oid = ft.ftserver"
                    + "   WHERE ft.ftrelid = c.oid)"
                    + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND " + USER_SCHEMA + " AND "
                    + ownObject("pg_class", "c.oid")
                    + " ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\"");
            if (rows.isEmpty()) {
                return;
            }
            RelationParts parts = relationParts();
            section("Tables and views");
            for (Row r : rows) {
                relation(r, parts);
            }
        }

        /** What is printed with each relation, by the relation's oid. */
        private record RelationParts(
                Map<String, List<String>> columns,
                Map<String, List<String>> constraints,
                Map<String, List<String>> indexes,
                Map<String, List<String>> triggers,
                Map<String, List<String>> rules,
                Map<String, List<String>> policies,
                Map<String, List<String>> columnComments,
                Map<String, List<String>> otherComments,
                Map<String, List<String>> grants) {}

        private RelationParts relationParts() throws SQLException {
            Map<String, List<String>> columns = grouped("""
                    SELECT a.attrelid::text, quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                      || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
                         THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
                      || CASE a.attgenerated WHEN 's' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid)
                           || ') STORED' WHEN 'v' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(d.adbin, d.adrelid)
                           || ') VIRTUAL'
                         ELSE COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '') END
                      || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                      || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
                         WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
                      || COALESCE((SELECT ' (START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement
                           || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax || ' CACHE ' || s.seqcache
                           || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END || ')'
                         FROM pg_depend dep JOIN pg_sequence s ON s.seqrelid = dep.objid
                         WHERE a.attidentity <> '' AND dep.classid = 'pg_class'::regclass
                           AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = a.attrelid
                           AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'), '')
                    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                    JOIN pg_type t ON t.oid = a.atttypid
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY a.attrelid, a.attnum
                    """);
            Map<String, List<String>> constraints = grouped("""
                    SELECT conrelid::text, 'CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
                    FROM pg_constraint WHERE conrelid <> 0 AND contype <> 'n'
                    ORDER BY conrelid, conname COLLATE "C"
                    """);
            Map<String, List<String>> indexes = grouped("""
                    SELECT i.indrelid::text, pg_get_indexdef(i.indexrelid)
                      || CASE WHEN i.indisvalid THEN '' ELSE ' -- INVALID' END || ';'
                    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                    ORDER BY i.indrelid, ic.relname COLLATE "C"
                    """);
            Map<String, List<String>> triggers = grouped("""
                    SELECT tgrelid::text, pg_get_triggerdef(oid) || ';'
                      || CASE tgenabled WHEN 'D' THEN ' -- DISABLED' WHEN 'R' THEN ' -- ENABLE REPLICA'
                         WHEN 'A' THEN ' -- ENABLE ALWAYS' ELSE '' END
                    FROM pg_trigger WHERE NOT tgisinternal
                    ORDER BY tgrelid, tgname COLLATE "C"
                    """);
            Map<String, List<String>> rules = grouped("""
                    SELECT ev_class::text, pg_get_ruledef(oid)
                    FROM pg_rewrite WHERE rulename <> '_RETURN'
                    ORDER BY ev_class, rulename COLLATE "C"
                    """);
            Map<String, List<String>> policies = grouped("""
                    SELECT p.polrelid::text, 'CREATE POLICY ' || quote_ident(p.polname) || ' ON '
                      || p.polrelid::regclass::text
                      || CASE WHEN p.polpermissive THEN '' ELSE ' AS RESTRICTIVE' END
                      || ' FOR ' || CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT'
                         WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END
                      || ' TO ' || (SELECT string_agg(r.name, ', ' ORDER BY r.name COLLATE "C") FROM
                         (SELECT CASE WHEN role = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(role)) END AS name
                          FROM unnest(p.polroles) AS role) r)
                      || COALESCE(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
                      || COALESCE(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') || ';'
                    FROM pg_policy p
                    ORDER BY p.polrelid, p.polname COLLATE "C"
                    """);
            return new RelationParts(
                    columns,
                    constraints,
                    indexes,
                    triggers,
                    rules,
                    policies,
                    columnComments(),
                    otherComments(),
                    relationGrants());
        }

        private Map<String, List<String>> columnComments() throws SQLException {
            return grouped("""
                    SELECT a.attrelid::text, quote_ident(a.attname), quote_literal(d.description)
                    FROM pg_description d JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid
                    WHERE d.classoid = 'pg_class'::regclass AND d.objsubid > 0 AND NOT a.attisdropped
                    ORDER BY a.attrelid, a.attnum
                    """, " IS ");
        }

        private Map<String, List<String>> otherComments() throws SQLException {
            return grouped("""
                    SELECT key, target || ' IS ' || text FROM (
                      SELECT i.indrelid AS key, 'INDEX ' || quote_ident(n.nspname) || '.' || quote_ident(ic.relname)
                        AS target, quote_literal(d.description) AS text
                      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
                      JOIN pg_namespace n ON n.oid = ic.relnamespace
                      JOIN pg_description d ON d.objoid = i.indexrelid AND d.classoid = 'pg_class'::regclass
                      UNION ALL
                      SELECT co.conrelid, 'CONSTRAINT ' || quote_ident(co.conname) || ' ON ' || co.conrelid::regclass::text,
                        quote_literal(d.description)
                      FROM pg_constraint co
                      JOIN pg_description d ON d.objoid = co.oid AND d.classoid = 'pg_constraint'::regclass
                      WHERE co.conrelid <> 0
                      UNION ALL
                      SELECT tg.tgrelid, 'TRIGGER ' || quote_ident(tg.tgname) || ' ON ' || tg.tgrelid::regclass::text,
                        quote_literal(d.description)
                      FROM pg_trigger tg
                      JOIN pg_description d ON d.objoid = tg.oid AND d.classoid = 'pg_trigger'::regclass
                    ) x
                    ORDER BY key, target COLLATE "C"
                    """);
        }

        /** One relation: its CREATE statement, then what belongs to it. */
        private void relation(Row r, RelationParts p) {
            String oid = r.get(0);
            String name = r.get(1);
            String kind = r.get(2);
            List<String> cols = p.columns().getOrDefault(oid, List.of());
            create(r, kind, cols);
            if (r.get(8) != null) {
                out.append("ALTER TABLE ")
                        .append(r.get(8))
                        .append(" ATTACH PARTITION ")
                        .append(name)
                        .append(' ')
                        .append(r.get(9))
                        .append(";\n");
            }
            for (String constraint : p.constraints().getOrDefault(oid, List.of())) {
                out.append("ALTER TABLE ")
                        .append(name)
                        .append(" ADD ")
                        .append(constraint)
                        .append(";\n");
            }
            lines(p.indexes().get(oid));
            lines(p.triggers().get(oid));
            lines(p.rules().get(oid));
            if ("t".equals(r.get(4))) {
                out.append("ALTER TABLE ").append(name).append(" ENABLE ROW LEVEL SECURITY;\n");
            }
            if ("t".equals(r.get(5))) {
                out.append("ALTER TABLE ").append(name).append(" FORCE ROW LEVEL SECURITY;\n");
            }
            lines(p.policies().get(oid));
            lines(p.grants().get(oid));
            String objectKind = switch (kind) {
                case "v" -> "VIEW ";
                case "m" -> "MATERIALIZED VIEW ";
                case "f" -> "FOREIGN TABLE ";
                default -> "TABLE ";
            };
            comment(objectKind + name, r.get(13));
            for (String columnComment : p.columnComments().getOrDefault(oid, List.of())) {
                out.append("COMMENT ON COLUMN ")
                        .append(name)
                        .append('.')
                        .append(columnComment)
                        .append(";\n");
            }
            for (String other : p.otherComments().getOrDefault(oid, List.of())) {
                out.append("COMMENT ON ").append(other).append(";\n");
            }
        }

        private void create(Row r, String kind, List<String> cols) {
            String name = r.get(1);
            out.append('\n');
            switch (kind) {
                case "v", "m" -> {
                    out.append(kind.equals("v") ? "CREATE VIEW " : "CREATE MATERIALIZED VIEW ")
                            .append(name);
                    if (r.get(6) != null) {
                        out.append(" WITH (").append(r.get(6)).append(')');
                    }
                    out.append(" (");
                    for (int i = 0; i < cols.size(); i++) {
                        out.append(i == 0 ? "\n    " : ",\n    ").append(cols.get(i));
                    }
                    out.append("\n) AS\n").append(stripSemicolon(r.get(11))).append(";\n");
                }
                default -> {
                    out.append("CREATE ")
                            .append("u".equals(r.get(3)) ? "UNLOGGED " : "")
                            .append(kind.equals("f") ? "FOREIGN TABLE " : "TABLE ")
                            .append(name)
                            .append(" (");
                    for (int i = 0; i < cols.size(); i++) {
                        out.append(i == 0 ? "\n    " : ",\n    ").append(cols.get(i));
                    }
                    out.append(cols.isEmpty() ? ")" : "\n)");
                    if (r.get(10) != null) {
                        out.append(" INHERITS (").append(r.get(10)).append(')');
                    }
                    if (r.get(7) != null) {
                        out.append(" PARTITION BY ").append(r.get(7));
                    }
                    if (r.get(12) != null) {
                        out.append(" USING ").append(r.get(12));
                    }
                    if (r.get(6) != null) {
                        out.append(" WITH (").append(r.get(6)).append(')');
                    }
                    if (r.get(14) != null) {
                        out.append(" SERVER ").append(r.get(14));
                    }
                    out.append(";\n");
                }
            }
        }

        private void functions() throws SQLException {
            List<Row> rows = rows("SELECT p.oid::text, " + qualified("p.proname")
                    + " || '(' || pg_get_function_identity_arguments(p.oid) || ')', p.prokind,"
                    + " CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END,"
                    + " quote_literal(obj_description(p.oid, 'pg_proc')),"
                    + " (SELECT a.aggtransfn::regproc::text || '|' || format_type(a.aggtranstype, NULL)"
                    + "    || '|' || COALESCE(NULLIF(a.aggfinalfn, 0)::regproc::text, '')"
                    + "    || '|' || COALESCE(quote_literal(a.agginitval), '')"
                    + "  FROM pg_aggregate a WHERE a.aggfnoid = p.oid)"
                    + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " WHERE " + USER_SCHEMA + " AND " + ownObject("pg_proc", "p.oid")
                    + " ORDER BY n.nspname COLLATE \"C\", p.proname COLLATE \"C\","
                    + " pg_get_function_identity_arguments(p.oid) COLLATE \"C\"");
            if (rows.isEmpty()) {
                return;
            }
            section("Functions and procedures");
            for (Row r : rows) {
                String signature = r.get(1);
                String kind = r.get(2);
                out.append('\n');
                if (kind.equals("a")) {
                    String[] agg = r.get(5).split("\\|", -1);
                    out.append("CREATE AGGREGATE ")
                            .append(signature)
                            .append(" (SFUNC = ")
                            .append(agg[0])
                            .append(", STYPE = ")
                            .append(agg[1]);
                    if (!agg[2].isEmpty()) {
                        out.append(", FINALFUNC = ").append(agg[2]);
                    }
                    if (!agg[3].isEmpty()) {
                        out.append(", INITCOND = ").append(agg[3]);
                    }
                    out.append(");\n");
                } else {
                    out.append(stripTrailingNewlines(r.get(3))).append(";\n");
                }
                String objectKind = switch (kind) {
                    case "a" -> "AGGREGATE ";
                    case "p" -> "PROCEDURE ";
                    default -> "FUNCTION ";
                };
                comment(objectKind + signature, r.get(4));
            }
        }

        /** Grants on relations, by relation oid: {@code GRANT … ON … TO …;} lines. */
        private Map<String, List<String>> relationGrants() throws SQLException {
            return grants("SELECT c.oid::text, CASE WHEN c.relkind = 'S' THEN 'SEQUENCE ' ELSE 'TABLE ' END || "
                    + qualified("c.relname") + ", c.relacl, c.relowner FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relacl IS NOT NULL AND "
                    + USER_SCHEMA);
        }

        /**
         * Grants from an ACL query returning (key, object, acl, owner): one line per grantee and privilege, without the
         * owner's own privileges and without grantors, sorted.
         */
        private Map<String, List<String>> grants(String aclQuery) throws SQLException {
            return grouped("SELECT key, line FROM (SELECT g.key, 'GRANT ' || g.privilege_type || ' ON ' || g.object"
                    + " || ' TO ' || CASE WHEN g.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee))"
                    + " END || CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END || ';' AS line"
                    + " FROM (SELECT q.key, q.object, q.owner, (aclexplode(q.acl)).* FROM (" + aclQuery
                    + ") AS q(key, object, acl, owner)) g WHERE g.grantee <> g.owner) x"
                    + " ORDER BY key, line COLLATE \"C\"");
        }

        private void comment(String target, String quotedComment) {
            if (quotedComment != null) {
                out.append("COMMENT ON ")
                        .append(target)
                        .append(" IS ")
                        .append(quotedComment)
                        .append(";\n");
            }
        }

        private void lines(List<String> lines) {
            if (lines != null) {
                for (String line : lines) {
                    out.append(line).append('\n');
                }
            }
        }

        private static String stripSemicolon(String sql) {
            String s = stripTrailingNewlines(sql);
            return s.endsWith(";") ? s.substring(0, s.length() - 1) : s;
        }

        private static String stripTrailingNewlines(String sql) {
            int end = sql.length();
            while (end > 0 && (sql.charAt(end - 1) == '\n' || sql.charAt(end - 1) == '\r')) {
                end--;
            }
            return sql.substring(0, end);
        }

        private List<Row> rows(String sql) throws SQLException {
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
        private Map<String, Row> keyed(String sql) throws SQLException {
            Map<String, Row> map = new LinkedHashMap<>();
            for (Row r : rows(sql)) {
                map.put(r.get(0), r.rest());
            }
            return map;
        }

        /** The second column grouped by the first, in query order. */
        private Map<String, List<String>> grouped(String sql) throws SQLException {
            return grouped(sql, null);
        }

        /** The remaining columns joined by {@code separator}, grouped by the first column, in query order. */
        private Map<String, List<String>> grouped(String sql, String separator) throws SQLException {
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (Row r : rows(sql)) {
                String value = separator == null
                        ? r.get(1)
                        : String.join(separator, r.rest().values());
                map.computeIfAbsent(r.get(0), k -> new ArrayList<>()).add(value);
            }
            return map;
        }
    }

    /** One result row as strings ({@code t}/{@code f} for booleans, {@code null} for SQL NULL). */
    private record Row(String[] values) {
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

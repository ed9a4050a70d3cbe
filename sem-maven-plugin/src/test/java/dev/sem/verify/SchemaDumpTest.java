package dev.sem.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(TestPostgres.class)
class SchemaDumpTest {

    /** One schema, as a list of statements in an order that creates it. */
    private static final List<String> DDL = List.of(
            "CREATE SCHEMA app",
            "COMMENT ON SCHEMA app IS 'The application'",
            "CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy')",
            "CREATE DOMAIN public.email AS text CHECK (VALUE LIKE '%@%')",
            "CREATE TYPE app.pair AS (a int, b text)",
            "CREATE TYPE app.floatrange AS RANGE (subtype = float8)",
            "CREATE SEQUENCE public.ticket_seq START 100 INCREMENT 5",
            """
            CREATE TABLE app.person (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                name text NOT NULL,
                mood app.mood DEFAULT 'ok',
                mail public.email,
                created timestamptz NOT NULL DEFAULT now(),
                name_length int GENERATED ALWAYS AS (length(name)) STORED
            )""",
            "CREATE TABLE public.tag (id serial PRIMARY KEY, label varchar(40) NOT NULL UNIQUE)",
            """
            CREATE TABLE app.person_tag (
                person_id bigint REFERENCES app.person ON DELETE CASCADE,
                tag_id int REFERENCES public.tag,
                PRIMARY KEY (person_id, tag_id)
            )""",
            "CREATE TABLE app.event (id bigint, at date NOT NULL) PARTITION BY RANGE (at)",
            "CREATE TABLE app.event_2026 PARTITION OF app.event FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
            "ALTER TABLE app.person ADD CONSTRAINT person_name_check CHECK (length(name) > 0)",
            "CREATE INDEX person_lower_name ON app.person (lower(name))",
            "CREATE VIEW app.happy_people AS SELECT id, name FROM app.person WHERE mood = 'happy'",
            "CREATE MATERIALIZED VIEW app.tag_count AS SELECT count(*) AS n FROM public.tag",
            """
            CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.created := now();
                RETURN NEW;
            END
            $$""",
            "CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'",
            "CREATE FUNCTION app.add(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b'",
            "CREATE PROCEDURE app.noop() LANGUAGE sql AS 'SELECT 1'",
            "CREATE AGGREGATE app.total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0')",
            "CREATE TRIGGER person_touch BEFORE INSERT ON app.person FOR EACH ROW EXECUTE FUNCTION app.touch()",
            "ALTER TABLE app.person ENABLE ROW LEVEL SECURITY",
            "CREATE POLICY happy_only ON app.person FOR SELECT TO PUBLIC USING (mood = 'happy')",
            "COMMENT ON TABLE app.person IS 'People, one row each'",
            "COMMENT ON COLUMN app.person.name IS 'Full name'",
            "COMMENT ON INDEX app.person_lower_name IS 'Case-insensitive lookups'",
            "COMMENT ON FUNCTION app.add(int, int) IS 'Adds ints'",
            "GRANT SELECT ON app.happy_people TO PUBLIC");

    /** The same schema, created in a different order, with a detour through a dropped column. */
    private static final List<String> DDL_REORDERED = reordered();

    private static List<String> reordered() {
        List<String> ddl = new ArrayList<>();
        ddl.add("CREATE TABLE public.tag (id serial PRIMARY KEY, label varchar(40) NOT NULL UNIQUE)");
        ddl.add("GRANT SELECT ON public.tag TO PUBLIC");
        ddl.add("REVOKE SELECT ON public.tag FROM PUBLIC");
        ddl.add("CREATE SEQUENCE public.ticket_seq START 100 INCREMENT 5");
        ddl.add("CREATE DOMAIN public.email AS text CHECK (VALUE LIKE '%@%')");
        ddl.add("CREATE SCHEMA app");
        ddl.add("CREATE FUNCTION app.add(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT a + b'");
        ddl.add("CREATE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b'");
        ddl.add("COMMENT ON FUNCTION app.add(int, int) IS 'Adds ints'");
        ddl.add("CREATE TYPE app.mood AS ENUM ('sad', 'happy')");
        ddl.add("ALTER TYPE app.mood ADD VALUE 'ok' BEFORE 'happy'");
        ddl.add("CREATE TYPE app.floatrange AS RANGE (subtype = float8)");
        ddl.add("CREATE TYPE app.pair AS (a int, b text)");
        ddl.add("CREATE AGGREGATE app.total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0')");
        ddl.add("CREATE PROCEDURE app.noop() LANGUAGE sql AS 'SELECT 1'");
        ddl.add("""
                CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.created := now();
                    RETURN NEW;
                END
                $$""");
        ddl.add("""
                CREATE TABLE app.person (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    doomed int,
                    name text NOT NULL CONSTRAINT person_name_check CHECK (length(name) > 0),
                    mood app.mood DEFAULT 'ok',
                    mail public.email,
                    created timestamptz NOT NULL DEFAULT now(),
                    name_length int GENERATED ALWAYS AS (length(name)) STORED
                )""");
        ddl.add("ALTER TABLE app.person DROP COLUMN doomed");
        ddl.add("COMMENT ON COLUMN app.person.name IS 'Full name'");
        ddl.add("COMMENT ON TABLE app.person IS 'People, one row each'");
        ddl.add("CREATE POLICY happy_only ON app.person FOR SELECT TO PUBLIC USING (mood = 'happy')");
        ddl.add("ALTER TABLE app.person ENABLE ROW LEVEL SECURITY");
        ddl.add("CREATE TRIGGER person_touch BEFORE INSERT ON app.person FOR EACH ROW EXECUTE FUNCTION app.touch()");
        ddl.add("CREATE INDEX person_lower_name ON app.person (lower(name))");
        ddl.add("COMMENT ON INDEX app.person_lower_name IS 'Case-insensitive lookups'");
        ddl.add("CREATE MATERIALIZED VIEW app.tag_count AS SELECT count(*) AS n FROM public.tag");
        ddl.add("CREATE TABLE app.event (id bigint, at date NOT NULL) PARTITION BY RANGE (at)");
        ddl.add("CREATE TABLE app.event_2026 (id bigint, at date NOT NULL)");
        ddl.add("ALTER TABLE app.event ATTACH PARTITION app.event_2026 FOR VALUES FROM ('2026-01-01') TO"
                + " ('2027-01-01')");
        ddl.add("""
                CREATE TABLE app.person_tag (
                    person_id bigint REFERENCES app.person ON DELETE CASCADE,
                    tag_id int REFERENCES public.tag,
                    PRIMARY KEY (person_id, tag_id)
                )""");
        ddl.add("CREATE VIEW app.happy_people AS SELECT id, name FROM app.person WHERE mood = 'happy'");
        ddl.add("GRANT SELECT ON app.happy_people TO PUBLIC");
        ddl.add("COMMENT ON SCHEMA app IS 'The application'");
        // sem's own bookkeeping, and data, differ between the two databases: neither is part of the schema.
        ddl.add("CREATE SCHEMA schema_evolution_manager");
        ddl.add("CREATE TABLE schema_evolution_manager.scripts (id bigserial PRIMARY KEY, filename text NOT NULL)");
        ddl.add("INSERT INTO public.tag (label) VALUES ('a'), ('b')");
        ddl.add("SELECT nextval('public.ticket_seq')");
        return List.copyOf(ddl);
    }

    @Test
    void sameSchemaBuiltInAnotherOrderGivesTheSameDump(TestDatabase a, TestDatabase b) throws SQLException {
        String first = dumpAfter(a, DDL);
        String second = dumpAfter(b, DDL_REORDERED);

        assertThat(second).isEqualTo(first);
        // Not trivially equal: the dump shows the schema.
        assertThat(first)
                .contains("CREATE SCHEMA app;")
                .contains("COMMENT ON SCHEMA app IS 'The application';")
                .contains("CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');")
                .contains(
                        "CREATE DOMAIN public.email AS text\n    CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text));")
                .contains("CREATE TYPE app.pair AS (\n    a integer,\n    b text\n);")
                .contains("CREATE TYPE app.floatrange AS RANGE (SUBTYPE = double precision")
                .contains("CREATE SEQUENCE public.ticket_seq AS bigint START WITH 100 INCREMENT BY 5")
                .contains("ALTER SEQUENCE public.tag_id_seq OWNED BY public.tag.id;")
                .contains("    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY (START WITH 1 INCREMENT BY 1")
                .contains("    mood app.mood DEFAULT 'ok'::app.mood,")
                .contains("    name_length integer GENERATED ALWAYS AS (length(name)) STORED")
                .contains("ALTER TABLE app.person ADD CONSTRAINT person_pkey PRIMARY KEY (id);")
                .contains("ALTER TABLE app.person_tag ADD CONSTRAINT person_tag_person_id_fkey FOREIGN KEY (person_id)"
                        + " REFERENCES app.person(id) ON DELETE CASCADE;")
                .contains("CREATE INDEX person_lower_name ON app.person USING btree (lower(name));")
                .contains("CREATE TRIGGER person_touch BEFORE INSERT ON app.person FOR EACH ROW EXECUTE FUNCTION"
                        + " app.touch();")
                .contains("ALTER TABLE app.person ENABLE ROW LEVEL SECURITY;")
                .contains("CREATE POLICY happy_only ON app.person FOR SELECT TO PUBLIC USING ((mood ="
                        + " 'happy'::app.mood));")
                .contains(") PARTITION BY RANGE (at);")
                .contains("ALTER TABLE app.event ATTACH PARTITION app.event_2026 FOR VALUES FROM ('2026-01-01') TO"
                        + " ('2027-01-01');")
                .contains("CREATE VIEW app.happy_people (")
                .contains("GRANT SELECT ON TABLE app.happy_people TO PUBLIC;")
                .contains("CREATE MATERIALIZED VIEW app.tag_count (\n    n bigint\n) AS\n")
                .contains("CREATE OR REPLACE FUNCTION app.add(a integer, b integer)")
                .contains("CREATE OR REPLACE PROCEDURE app.noop()")
                .contains("CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');")
                .contains("COMMENT ON FUNCTION app.add(a integer, b integer) IS 'Adds ints';")
                .contains("COMMENT ON TABLE app.person IS 'People, one row each';")
                .contains("COMMENT ON COLUMN app.person.name IS 'Full name';")
                .contains("COMMENT ON INDEX app.person_lower_name IS 'Case-insensitive lookups';")
                .doesNotContain("doomed")
                .doesNotContain("schema_evolution_manager.scripts")
                .doesNotContain("pg_catalog.")
                .doesNotContain("information_schema.")
                .doesNotContain("multirange");
        // Overloads sorted by their arguments, bigint before integer.
        assertThat(first.indexOf("app.add(a bigint")).isLessThan(first.indexOf("app.add(a integer"));
    }

    @Test
    void changedColumnTypeChangesTheDump(TestDatabase a, TestDatabase b) throws SQLException {
        List<String> changed = DDL.stream()
                .map(sql -> sql.replace("label varchar(40)", "label varchar(80)"))
                .toList();
        String first = dumpAfter(a, DDL);
        String second = dumpAfter(b, changed);

        assertThat(second).isNotEqualTo(first);
        assertThat(first).contains("    label character varying(40) NOT NULL");
        assertThat(second).contains("    label character varying(80) NOT NULL");
    }

    @Test
    void semSchemaAloneDumpsAsAnEmptyDatabaseAndConnectionStateIsKept(TestDatabase a, TestDatabase b)
            throws SQLException {
        String empty = dumpAfter(a, List.of());
        try (Connection c = b.connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA schema_evolution_manager");
            s.execute("CREATE TABLE schema_evolution_manager.scripts (id bigserial PRIMARY KEY, filename text)");
            s.execute("CREATE FUNCTION schema_evolution_manager.f() RETURNS int LANGUAGE sql AS 'SELECT 1'");
            s.execute("SET search_path = schema_evolution_manager, public");

            assertThat(SchemaDump.dump(c)).isEqualTo(empty);

            assertThat(c.getAutoCommit()).isTrue();
            try (ResultSet rs = s.executeQuery("SHOW search_path")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("schema_evolution_manager, public");
            }
            // Inside a caller's transaction: its search_path survives too, and the transaction stays usable.
            c.setAutoCommit(false);
            s.execute("SET LOCAL search_path = public");
            assertThat(SchemaDump.dump(c)).isEqualTo(empty);
            try (ResultSet rs = s.executeQuery("SHOW search_path")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("public");
            }
            c.rollback();
        }
        assertThat(empty).contains("CREATE SCHEMA public;").doesNotContain("schema_evolution_manager.");
    }

    @Test
    void writeCreatesTheDirectoryAndWritesTheDump(TestDatabase db, @TempDir Path dir) throws Exception {
        String expected = dumpAfter(db, List.of("CREATE TABLE t (id int)"));
        Path file = dir.resolve("target/sem-verify/schema.sql");
        try (Connection c = db.connect()) {
            SchemaDump.write(c, file);
        }
        assertThat(Files.readString(file)).isEqualTo(expected).contains("CREATE TABLE public.t (\n    id integer\n);");
    }

    private static String dumpAfter(TestDatabase db, List<String> ddl) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
            return SchemaDump.dump(c);
        }
    }
}

package dev.sem.sql;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

import static org.assertj.core.api.Assertions.assertThat;

class PgDumpScriptTest {

    /** The shape of a pg_dump 17.6 plain-text dump. */
    static final String DUMP = "--\n"
            + "-- PostgreSQL database dump\n"
            + "--\n"
            + "\n"
            + "\\restrict Xq3kT0aZ\n"
            + "\n"
            + "-- Dumped from database version 17.6\n"
            + "\n"
            + "SET statement_timeout = 0;\n"
            + "SET client_encoding = 'UTF8';\n"
            + "SET standard_conforming_strings = on;\n"
            + "SELECT pg_catalog.set_config('search_path', '', false);\n"
            + "SET check_function_bodies = false;\n"
            + "\n"
            + "--\n"
            + "-- Name: app; Type: SCHEMA; Schema: -; Owner: -\n"
            + "--\n"
            + "\n"
            + "CREATE SCHEMA app;\n"
            + "\n"
            + "CREATE TYPE app.mood AS ENUM (\n"
            + "    'sad',\n"
            + "    'ok'\n"
            + ");\n"
            + "\n"
            + "CREATE FUNCTION app.add(a integer, b integer) RETURNS integer\n"
            + "    LANGUAGE sql IMMUTABLE\n"
            + "    BEGIN ATOMIC\n"
            + " SELECT CASE WHEN (a IS NULL) THEN b ELSE (a + b) END AS \"case\";\n"
            + "END;\n"
            + "\n"
            + "CREATE FUNCTION app.touch() RETURNS trigger\n"
            + "    LANGUAGE plpgsql\n"
            + "    AS $$\n"
            + "BEGIN\n"
            + "  NEW.note := NEW.note || ';';\n"
            + "  RETURN NEW;\n"
            + "END;\n"
            + "$$;\n"
            + "\n"
            + "SET default_table_access_method = heap;\n"
            + "\n"
            + "CREATE TABLE app.item (\n"
            + "    id integer NOT NULL,\n"
            + "    note text,\n"
            + "    m app.mood\n"
            + ");\n"
            + "\n"
            + "CREATE TABLE app.log (msg text);\n"
            + "\n"
            + "CREATE RULE item_log AS ON INSERT TO app.item DO ALSO (INSERT INTO app.log VALUES ('a');"
            + " INSERT INTO app.log VALUES ('b'));\n"
            + "\n"
            + "--\n"
            + "-- Data for Name: item; Type: TABLE DATA; Schema: app; Owner: -\n"
            + "--\n"
            + "\n"
            + "COPY app.item (id, note, m) FROM stdin;\n"
            + "1\tsemi;colon\tsad\n"
            + "2\t\\N\tok\n"
            + "3\tback\\\\slash 'q'\t\\N\n"
            + "\\.\n"
            + "\n"
            + "\n"
            + "ALTER TABLE ONLY app.item\n"
            + "    ADD CONSTRAINT item_pkey PRIMARY KEY (id);\n"
            + "\n"
            + "CREATE TRIGGER t BEFORE UPDATE ON app.item FOR EACH ROW EXECUTE FUNCTION app.touch();\n"
            + "\n"
            + "--\n"
            + "-- PostgreSQL database dump complete\n"
            + "--\n"
            + "\n"
            + "\\unrestrict Xq3kT0aZ\n"
            + "\n";

    @Test
    void splitsAPgDump() {
        ParsedScript script = new ScriptParser(Map.of(), null).parse("dump.sql", DUMP);
        List<SqlStatement> s = script.statements();
        assertThat(s)
                .extracting(SqlStatement::description)
                .containsExactly(
                        "SET",
                        "SET",
                        "SET",
                        "SELECT",
                        "SET",
                        "CREATE SCHEMA",
                        "CREATE TYPE",
                        "CREATE FUNCTION",
                        "CREATE FUNCTION",
                        "SET",
                        "CREATE TABLE",
                        "CREATE TABLE",
                        "CREATE RULE",
                        "COPY",
                        "ALTER TABLE",
                        "CREATE TRIGGER");
        assertThat(s)
                .extracting(SqlStatement::line)
                .containsExactly(9, 10, 11, 12, 13, 19, 21, 26, 32, 41, 43, 49, 51, 57, 64, 67);
        assertThat(s.get(13).copyData()).isEqualTo("1\tsemi;colon\tsad\n2\t\\N\tok\n3\tback\\\\slash 'q'\t\\N\n");
        assertThat(s.get(7).sql()).endsWith("END AS \"case\";\nEND");
        assertThat(script.hasTransactionControl()).isFalse();
        assertThat(script.firstNonTransactional()).isEmpty();
        assertThat(script.units()).hasSize(16);
    }

    @Test
    @ExtendWith(TestPostgres.class)
    void theServerAcceptsEveryStatementAndTheCopyData(TestDatabase db) throws SQLException, IOException {
        // SQL-standard function bodies (BEGIN ATOMIC) exist from PostgreSQL 14 on; on 13 the dump has the classic body.
        String dump = db.serverMajor() >= 14
                ? DUMP
                : DUMP.replace(
                        "    BEGIN ATOMIC\n SELECT CASE WHEN (a IS NULL) THEN b ELSE (a + b) END AS \"case\";\nEND;\n",
                        "    AS $$ SELECT CASE WHEN (a IS NULL) THEN b ELSE (a + b) END $$;\n");
        assertThat(dump)
                .as("the PostgreSQL 13 variant was substituted")
                .contains(db.serverMajor() >= 14 ? "ATOMIC" : "AS $$");
        ParsedScript script = new ScriptParser(Map.of(), null).parse("dump.sql", dump);
        try (Connection c = db.connect()) {
            for (SqlStatement s : script.statements()) {
                if (s.isCopyFromStdin()) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn(s.sql(), new StringReader(s.copyData()));
                } else {
                    try (Statement st = c.createStatement()) {
                        st.setEscapeProcessing(false);
                        st.execute(s.sql());
                    }
                }
            }
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery("select string_agg(coalesce(note, '-'), '|' order by id), app.add(2, 3),"
                                    + " (select count(*) from app.log) from app.item")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("semi;colon|-|back\\slash 'q'");
                assertThat(rs.getInt(2)).isEqualTo(5);
            }
        }
    }

    @Test
    @ExtendWith(TestPostgres.class)
    void serverErrorPositionsMapBackToTheFile(TestDatabase db) throws SQLException {
        ParsedScript script = new ScriptParser(Map.of("t", "pg_class"), null)
                .parse("x.sql", "select 1;\n\n-- why\nselect relname,\n  :'t' as lit,\n  nosuchcol\nfrom :t;\n");
        SqlStatement s = script.statements().get(1);
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute(s.sql());
            throw new AssertionError("expected an error");
        } catch (PSQLException e) {
            int position = e.getServerErrorMessage().getPosition();
            assertThat(s.lineColumn(position)).containsExactly(6, 3);
        }
    }
}

package dev.sem.apply;

import java.nio.file.Path;

import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Corner cases of psql's splitting: the same script runs through sem's apply path on one fresh database and through
 * Debian's psql ({@code -X -1 -v ON_ERROR_STOP=1 -f}; {@code -1} because sem runs a script in one transaction by
 * default) on another; both must succeed or both fail, and leave the same rows.
 */
@ExtendWith(TestPostgres.class)
class PsqlParityCornersTest {

    private static final Path PSQL = Tools.PSQL;

    @TempDir
    Path tmp;

    @Test
    void copyFromStdoutReadsTheDataBlock(TestDatabase sem, TestDatabase psql) throws Exception {
        assertSameOutcome(
                sem,
                psql,
                "create table t (a int);\ncopy t from stdout;\n1\n2\n\\.\ninsert into t values (3);\n",
                "select string_agg(a::text, ',' order by a) from t",
                true);
    }

    @Test
    void copiesInACombinedQueryEachReadTheirBlock(TestDatabase sem, TestDatabase psql) throws Exception {
        assertSameOutcome(
                sem,
                psql,
                "create table t (a int);\ncreate table u (a int);\n"
                        + "select 0\\; copy t from stdin\\; copy u from stdin\\; insert into t values (9);\n"
                        + "1\n\\.\n2\n3\n\\.\ninsert into u values (4);\n",
                "select (select string_agg(a::text, ',' order by a) from t) || '/'"
                        + " || (select string_agg(a::text, ',' order by a) from u)",
                true);
    }

    @Test
    void standardConformingStringsOffLexesBackslashEscapes(TestDatabase sem, TestDatabase psql) throws Exception {
        assertSameOutcome(
                sem,
                psql,
                "create table s (v text);\n"
                        + "set standard_conforming_strings = off;\n"
                        + "insert into s values ('a\\\\b\\'c;d');\n"
                        + "set local standard_conforming_strings to 'on';\n"
                        + "insert into s values ('x\\y');\n"
                        + "SET SESSION standard_conforming_strings = false;\n"
                        + "insert into s values ('p\\'q'), (N'n\\';');\n"
                        + "set standard_conforming_strings = 0;\n"
                        + "reset standard_conforming_strings;\n"
                        + "insert into s values ('r\\');\n",
                "select string_agg(v, '|' order by v) from s",
                true);
    }

    @Test
    void standardConformingStringsChangesFromTheNextLineAsInPsql(TestDatabase sem, TestDatabase psql) throws Exception {
        // psql lexes the rest of the SET's line with the old value: it sends select 'x\' (unterminated for a server
        // with the setting off); lexing the line with the new value would send a different statement.
        assertSameOutcome(
                sem, psql, "set standard_conforming_strings = off; select 'x\\';\nselect ';';\n", "select 1", false);
    }

    @Test
    void predefinedVariablesHavePsqlsValues(TestDatabase sem, TestDatabase psql) throws Exception {
        assertSameOutcome(
                sem,
                psql,
                "create table v as select :SERVER_VERSION_NUM = current_setting('server_version_num')::int as a,\n"
                        + "  :'SERVER_VERSION_NAME' = current_setting('server_version') as b,\n"
                        + "  :'ENCODING' = 'UTF8' and :'ENCODING' = current_setting('client_encoding') as c,\n"
                        + "  :'DBNAME' = current_database() as d, :'USER' = current_user as e,\n"
                        + "  :'PORT' = current_setting('port') as f,\n"
                        + "  :VERSION_NUM >= 100000 and :'VERSION_NAME' ~ '^[0-9]+\\.[0-9]+'"
                        + " and :'VERSION' like 'PostgreSQL ' || :'VERSION_NAME' || ' %' as g;\n",
                "select concat_ws(',', a, b, c, d, e, f, g) from v",
                true);
        assertThat(Scripts.strings(sem, "select concat_ws(',', a, b, c, d, e, f, g) from v"))
                .containsExactly("t,t,t,t,t,t,t");
    }

    @Test
    void aCopyWithoutDataBlockIsRefusedWherePsqlWouldLoadTheScriptAsData(TestDatabase sem, TestDatabase psql)
            throws Exception {
        Tools.require(PSQL, "Debian's psql client");
        String script = "create table t (a text);\ncopy t from stdin;\ncreate table u (b int);\n";
        Path base = tmp.resolve("repo");
        new Scripts(base).add("20260101-000001.sql", script);
        // psql reads the rest of the file as COPY data and succeeds: the SQL line becomes a row, u is never created.
        String out = Tools.psqlFile(psql, base.resolve("scripts/20260101-000001.sql"), true);
        assertThat(out).startsWith("0\n");
        assertThat(Scripts.strings(psql, "select a from t")).containsExactly("create table u (b int);");
        assertThat(Scripts.count(psql, "select count(*) from pg_tables where tablename = 'u'"))
                .isZero();
        // sem refuses the script up front, saying what psql would do and where the data was expected.
        assertThatThrownBy(() -> Scripts.applier(sem, new CollectingLog()).apply(base, ApplyOptions.defaults()))
                .hasMessageContaining("File[./scripts/20260101-000001.sql] line 3: the COPY ... FROM STDIN of line 2"
                        + " has no data block ending with a line containing only \\. (none follows in the file): psql"
                        + " would read every line from here to the end of the file as COPY data, not as SQL");
        assertThat(Scripts.count(sem, "select count(*) from pg_tables where tablename in ('t', 'u')"))
                .isZero();
    }

    /** Runs {@code script} both ways; {@code query} (one value) must give the same answer on both databases. */
    private void assertSameOutcome(TestDatabase sem, TestDatabase psql, String script, String query, boolean succeeds)
            throws Exception {
        Tools.require(PSQL, "Debian's psql client");
        Path base = tmp.resolve("repo");
        new Scripts(base).add("20260101-000001.sql", script);
        boolean semOk;
        String semError = "";
        try {
            Scripts.applier(sem, new CollectingLog()).apply(base, ApplyOptions.defaults());
            semOk = true;
        } catch (Applier.ApplyFailedException e) {
            semOk = false;
            semError = e.getMessage();
        }
        String psqlOut = Tools.psqlFile(psql, base.resolve("scripts/20260101-000001.sql"), true);
        boolean psqlOk = psqlOut.startsWith("0\n");
        assertThat(semOk).as("sem: " + semError + "\npsql: " + psqlOut).isEqualTo(psqlOk);
        assertThat(psqlOk).as(psqlOut).isEqualTo(succeeds);
        if (psqlOk) {
            assertThat(Scripts.strings(sem, query)).isEqualTo(Scripts.strings(psql, query));
        } else {
            int at = psqlOut.indexOf("ERROR:  ");
            String error = psqlOut.substring(at + 8, psqlOut.indexOf('\n', at));
            // psql sends a statement with its terminating semicolon, sem without it: the server's "at or near"
            // excerpt of an unterminated literal differs by that semicolon only.
            assertThat(semError.replace(";\"", "\"")).as(psqlOut).contains(error.replace(";\"", "\""));
        }
    }
}

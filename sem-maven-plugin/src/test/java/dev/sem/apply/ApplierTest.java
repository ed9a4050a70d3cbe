package dev.sem.apply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;
import dev.sem.script.Sha256;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.apply.Scripts.count;
import static dev.sem.apply.Scripts.exec;
import static dev.sem.apply.Scripts.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class ApplierTest {

    @TempDir
    Path tmp;

    private final CollectingLog log = new CollectingLog();

    @Test
    void appliesPendingScriptsInOrderAndRecordsEachOnce(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add("20260101-000002.sql", "insert into t values (2);")
                .add("20260101-000001.sql", "create table t (id int);\ninsert into t values (1);")
                .version("1.0.0");

        ApplyReport r = Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());

        assertThat(applied(db)).containsExactly("20260101-000001.sql", "20260101-000002.sql");
        assertThat(strings(db, "SELECT id::text FROM t ORDER BY id")).containsExactly("1", "2");
        assertThat(log.text())
                .contains("Upgrading schema for ")
                .containsPattern("Applying 20260101-000001.sql Done \\(1/2, \\d+ ms\\)")
                .contains("  Recorded schema version 1.0.0");
        assertThat(r.withStatus("applied")).hasSize(2);
        assertThat(r.versionRecorded()).isEqualTo("1.0.0");

        CollectingLog second = new CollectingLog();
        ApplyReport again = Scripts.applier(db, second).apply(s.base, ApplyOptions.defaults());
        assertThat(second.text()).contains("  All scripts have been previously applied");
        assertThat(again.withStatus("applied")).isEmpty();
        assertThat(again.versionRecorded()).isNull();
        assertThat(count(db, "SELECT count(*) FROM schema_evolution_manager.versions"))
                .isEqualTo(1);
    }

    @Test
    void storesChecksumsAndAChainInApplyOrder(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "select 1;").add("20260101-000002.sql", "select 2;");
        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());
        List<String> chains = strings(
                db,
                "SELECT k.chain FROM schema_evolution_manager.scripts s JOIN"
                        + " schema_evolution_manager.sem_java_script_checksums k USING (filename) ORDER BY s.id");
        assertThat(chains).hasSize(2).doesNotContainNull();
        String c1 =
                Sha256.hex(("0".repeat(64) + "20260101-000001.sql" + Sha256.hex("select 1;".getBytes())).getBytes());
        assertThat(chains.get(0)).isEqualTo(c1);
    }

    @Test
    void singleScriptFailureLeavesNothingOfThatScriptAndKeepsEarlierOnes(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add("20260101-000001.sql", "create table ok1 (id int);")
                .add("20260101-000002.sql", "create table half (id int);\n\ninsert into nosuch values (1);\n")
                .add("20260101-000003.sql", "create table never (id int);");

        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessageContaining("File[./scripts/20260101-000002.sql] line 3")
                .hasMessageContaining("relation \"nosuch\" does not exist")
                .hasMessageContaining("42P01");

        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename IN ('half', 'never')"))
                .isZero();
        assertThat(log.text())
                .contains("ERROR ERROR applying script: ./scripts/20260101-000002.sql")
                .contains("If this script has previously been applied to this database, you can record it as having"
                        + " been applied by:");
        ConnectionSettings settings = Scripts.settings(db);
        String uri = "postgresql://" + db.user() + "@" + settings.host() + ":" + settings.port() + "/" + db.name();
        assertThat(log.lines)
                .contains("ERROR   psql --command \"insert into schema_evolution_manager.scripts (filename) values"
                        + " ('20260101-000002.sql')\" " + uri);
    }

    @Test
    void theRecordAsAppliedHintRunsAsPrintedWithPsql(TestDatabase db) throws Exception {
        Path psql = Tools.require(Tools.PSQL, "psql");
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "insert into nosuch values (1);");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class);
        String hint = log.lines.stream()
                .filter(l -> l.startsWith("ERROR   psql "))
                .findFirst()
                .orElseThrow()
                .substring("ERROR   ".length());
        // The printed line, run by a shell as a user would paste it (the password comes from PGPASSWORD, never the
        // line): the script is then recorded as applied.
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", hint.replaceFirst("^psql ", psql + " -X "))
                .redirectErrorStream(true);
        if (db.password() != null) {
            pb.environment().put("PGPASSWORD", db.password());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(hint + "\n" + out).isZero();
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
    }

    @Test
    void everythingIsValidatedBeforeTheFirstScriptRuns(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add("20260101-000001.sql", "create table first (id int);")
                .add("20260101-000002.sql", "-- sem.attribute.transaction = maybe\nselect 1;")
                .add("20260101-000003.sql", "create index concurrently i on first (id);")
                .add("20260101-000004.sql", "\\gset\n");

        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ValidationFailedException.class)
                .hasMessageContaining("File[./scripts/20260101-000002.sql] line 1: Attribute[transaction] - Invalid"
                        + " value[maybe]. Must be one of: single none")
                .hasMessageContaining("File[./scripts/20260101-000003.sql] line 1: CREATE INDEX CONCURRENTLY cannot"
                        + " run inside a transaction block")
                .hasMessageContaining("-- sem.attribute.transaction = none")
                .hasMessageContaining("File[./scripts/20260101-000004.sql] line 1: psql meta-command \\gset is not"
                        + " supported by the built-in executor; use the psql executor: add the line '-- sem.executor ="
                        + " psql' to the script");

        assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'schema_evolution_manager'"))
                .as("not even bootstrapped")
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'first'"))
                .isZero();
    }

    @Test
    void invalidNamesAreRefusedBeforeConnecting(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "select 1;").add("foo.sql", "select 2;");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("Invalid filename[foo.sql]. Must be like: 20120503-173242.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'schema_evolution_manager'"))
                .isZero();
    }

    @Test
    void noneScriptResumesAtTheFailedStatement(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(
                        "20260101-000001.sql",
                        "-- sem.attribute.transaction = none\n"
                                + "create table a (id int);\n"
                                + "create index concurrently a_id on a (id);\n"
                                + "insert into missing values (1);\n"
                                + "create table c (id int);\n");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("2 statement(s) of this transaction = none script were committed");
        assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'a_id'"))
                .isEqualTo(1);
        assertThat(applied(db)).isEmpty();

        // Fix the failing statement; the first two must not run again (they would fail: a exists).
        s.add(
                "20260101-000001.sql",
                "-- sem.attribute.transaction = none\n"
                        + "create table a (id int);\n"
                        + "create index concurrently a_id on a (id);\n"
                        + "insert into a values (1);\n"
                        + "create table c (id int);\n");
        CollectingLog second = new CollectingLog();
        Scripts.applier(db, second).apply(s.base, ApplyOptions.defaults());
        assertThat(second.text()).contains("resuming at statement 3");
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM a")).isEqualTo(1);
    }

    @Test
    void resumeIsRefusedWhenAnAppliedStatementChanged(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(
                        "20260101-000001.sql",
                        "-- sem.attribute.transaction = none\ncreate table a (id int);\nselect bogus();\n");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class);
        s.add("20260101-000001.sql", "-- sem.attribute.transaction = none\ncreate table a (id bigint);\nselect 1;\n");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ValidationFailedException.class)
                .hasMessageContaining("statement 1 was already applied by an interrupted run and has changed since");
    }

    @Test
    void changedAppliedScriptFailsUntilAcceptedWithAReason(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp).add("20260101-000001.sql", "create table t (id int);");
        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());

        s.add("20260101-000001.sql", "CREATE TABLE t (id int); -- reformatted\n");
        CollectingLog fmt = new CollectingLog();
        Scripts.applier(db, fmt).apply(s.base, ApplyOptions.defaults());
        assertThat(fmt.text()).contains("only in formatting");

        s.add("20260101-000001.sql", "create table t (id bigint);").add("20260101-000002.sql", "select 1;");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ValidationFailedException.class)
                .hasMessageContaining("File[./scripts/20260101-000001.sql] was changed after it was applied")
                .hasMessageMatching("(?s).*applied sha256 [0-9a-f]{64}, now [0-9a-f]{64}.*");
        assertThat(applied(db)).containsExactly("20260101-000001.sql");

        ApplyReport status = Scripts.applier(db, log).status(s.base, ApplyOptions.defaults());
        assertThat(status.withStatus("changed"))
                .extracting(ApplyReport.ScriptResult::name)
                .containsExactly("20260101-000001.sql");

        Scripts.applier(db, log)
                .apply(s.base, ApplyOptions.defaults().withAcceptChanges(Map.of("20260101-000001.sql", "typo fix")));
        assertThat(applied(db)).containsExactly("20260101-000001.sql", "20260101-000002.sql");
        assertThat(strings(db, "SELECT reason FROM schema_evolution_manager.sem_java_checksum_acceptances"))
                .containsExactly("typo fix");
        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());
    }

    @Test
    void lateScriptsWarnByDefaultAndFailOnRequest(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp).add("20260102-000000.sql", "select 1;");
        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());
        s.add("20260101-000000.sql", "create table late (id int);");

        assertThatThrownBy(() -> Scripts.applier(db, log)
                        .apply(s.base, ApplyOptions.defaults().withLatePolicy(ApplyOptions.LatePolicy.FAIL)))
                .hasMessageContaining("older than 20260102-000000.sql")
                .hasMessageContaining("20260101-000000.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'late'"))
                .isZero();

        CollectingLog warn = new CollectingLog();
        ApplyReport r = Scripts.applier(db, warn).apply(s.base, ApplyOptions.defaults());
        assertThat(warn.text()).contains("WARN 1 pending script(s) are older than 20260102-000000.sql");
        assertThat(r.withStatus("applied"))
                .singleElement()
                .satisfies(x -> assertThat(x.late()).isTrue());
    }

    @Test
    void dryRunPrintsRunnableSqlAndChangesNothing(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add("20260101-000001.sql", "create table t (id int);\ncopy t from stdin;\n1\n2\n\\.\n")
                .version("2.0.0");
        ApplyReport r =
                Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults().withDryRun(true));
        assertThat(r.dryRunSql())
                .contains("\\set ON_ERROR_STOP on")
                .contains("-- bootstrap 20130318-105434.sql")
                .contains("create table t (id int);")
                .contains("copy t from stdin;\n1\n2\n\\.\n")
                .contains("INSERT INTO \"schema_evolution_manager\".\"scripts\" (\"filename\") SELECT"
                        + " '20260101-000001.sql'")
                .contains("'2.0.0'");
        assertThat(log.text()).contains("[DRY RUN] Applying 20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'schema_evolution_manager'"))
                .isZero();
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"))
                .isZero();
    }

    @Test
    void eachScriptStartsFromACleanSession(TestDatabase db) throws SQLException {
        exec(db, "create schema other");
        Scripts s = new Scripts(tmp)
                .add("20260101-000001.sql", "set search_path = other;\nset statement_timeout = '1234ms';")
                .add(
                        "20260101-000002.sql",
                        "create table where_am_i as select current_schema() as s,"
                                + " current_setting('statement_timeout') as st;");
        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());
        assertThat(strings(db, "SELECT s || ' ' || st FROM public.where_am_i")).containsExactly("public 0");
    }

    @Test
    void psqlVariablesAndMetaCommands(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(
                        "20260101-000001.sql",
                        "\\set tbl people\n\\echo creating :tbl\ncreate table :\"tbl\" (name text);\n"
                                + "insert into :tbl values (:'who'), (:'DBNAME');\n");
        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults().withVariables(Map.of("who", "O'Brien")));
        assertThat(strings(db, "SELECT name FROM people ORDER BY 1")).containsExactly("O'Brien", db.name());
        assertThat(log.text()).contains("INFO creating people");
    }

    @Test
    void commitInsideASingleScriptBehavesAsUnderPsql(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add(
                        "20260101-000001.sql",
                        "create table t1 (id int);\ncommit;\ncreate table t2 (id int);\nselect bogus();\n");
        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class);
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename IN ('t1', 't2')"))
                .isEqualTo(2);
        assertThat(applied(db)).isEmpty();
        assertThat(log.text()).contains("contains its own transaction control");
    }

    @Test
    void baselineRecordsWithoutRunning(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add("20260101-000001.sql", "create table t (id int);")
                .version("0.9.0");
        ApplyReport r = Scripts.applier(db, log).baseline(s.base, ApplyOptions.defaults());
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 't'"))
                .isZero();
        assertThat(log.text()).contains("Baselining schema for ").contains("Baselining 20260101-000001.sql");
        assertThat(r.versionRecorded()).isEqualTo("0.9.0");
        assertThat(strings(db, "SELECT origin FROM schema_evolution_manager.sem_java_script_checksums"))
                .containsExactly("baseline");
    }

    @Test
    void aScriptThatRecordsALaterScriptMakesItSkipped(TestDatabase db) throws SQLException {
        Scripts s = new Scripts(tmp)
                .add("20260101-000000.sql", "select 1;")
                .add(
                        "20260101-000001.sql",
                        "insert into schema_evolution_manager.scripts (filename) values ('20260101-000002.sql');")
                .add("20260101-000002.sql", "create table never (id int);");
        ApplyReport r = Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());
        assertThat(r.withStatus("skipped"))
                .extracting(ApplyReport.ScriptResult::name)
                .containsExactly("20260101-000002.sql");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'never'"))
                .isZero();
    }
}

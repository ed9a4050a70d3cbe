package dev.sem.apply;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import dev.sem.testing.CollectingLog;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.apply.Scripts.count;
import static dev.sem.apply.Scripts.exec;
import static dev.sem.apply.Scripts.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Role switches in scripts, transactions opened by none scripts, and dry runs of partly applied scripts. */
@ExtendWith(TestPostgres.class)
class RolesAndInterruptedScriptsTest {

    @TempDir
    Path tmp;

    @Test
    void scriptsThatSwitchRoleAreStillRecorded(TestDatabase db) throws Exception {
        String owner = "sem_owner_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
        exec(db, "CREATE ROLE " + PostgresServer.quote(owner) + " NOLOGIN");
        exec(db, "GRANT CREATE ON SCHEMA public TO " + PostgresServer.quote(owner));
        try {
            Scripts s = new Scripts(tmp)
                    .add("20260101-000001.sql", "set role " + owner + ";\ncreate table owned_single (id int);")
                    .add(
                            "20260101-000002.sql",
                            "-- sem.attribute.transaction = none\nset role " + owner
                                    + ";\ncreate table owned_none (id int);\n");
            Scripts.applier(db, new CollectingLog()).apply(s.base, ApplyOptions.defaults());
            assertThat(applied(db)).containsExactly("20260101-000001.sql", "20260101-000002.sql");
            assertThat(strings(
                            db, "SELECT tableowner FROM pg_tables WHERE tablename IN ('owned_single', 'owned_none')"))
                    .containsOnly(owner);
        } finally {
            exec(db, "DROP OWNED BY " + PostgresServer.quote(owner));
            exec(db, "DROP ROLE " + PostgresServer.quote(owner));
        }
    }

    @Test
    void aLockTimeoutInsideTheScriptsOwnTransactionIsNotRetriedAndLosesNothing(TestDatabase db) throws Exception {
        exec(db, "create table busy (id int)");
        exec(db, "create table audit (note text)");
        Scripts s = new Scripts(tmp)
                .add(
                        "20260101-000001.sql",
                        "-- sem.attribute.transaction = none\nbegin;\ninsert into audit values ('before');\n"
                                + "alter table busy add column note text;\ncommit;\n");
        try (Connection blocker = db.connect();
                Statement st = blocker.createStatement()) {
            st.execute("BEGIN");
            st.execute("SELECT count(*) FROM busy");
            assertThatThrownBy(() -> Scripts.applier(db, new CollectingLog())
                            .apply(s.base, ApplyOptions.defaults().withLockTimeout(Duration.ofMillis(200), 5)))
                    .isInstanceOf(Applier.ApplyFailedException.class)
                    .hasMessageContaining("55P03");
            st.execute("ROLLBACK");
        }
        assertThat(count(db, "SELECT count(*) FROM audit"))
                .as("rolled back with the script's transaction")
                .isZero();
        assertThat(applied(db)).isEmpty();

        Scripts.applier(db, new CollectingLog()).apply(s.base, ApplyOptions.defaults());
        assertThat(applied(db)).containsExactly("20260101-000001.sql");
        assertThat(count(db, "SELECT count(*) FROM audit"))
                .as("applied exactly once")
                .isEqualTo(1);
        assertThat(count(
                        db,
                        "SELECT count(*) FROM information_schema.columns WHERE column_name = 'note'"
                                + " AND table_name = 'busy'"))
                .isEqualTo(1);
    }

    @Test
    void aDryRunOfAPartlyAppliedNoneScriptDoesNotRepeatItsCommittedStatements(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp)
                .add(
                        "20260101-000001.sql",
                        "-- sem.attribute.transaction = none\ninsert_me_later;\n"
                                        .replace("insert_me_later", "create table a (id int)")
                                + "select bogus();\n");
        assertThatThrownBy(() -> Scripts.applier(db, new CollectingLog()).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class);
        s.add("20260101-000001.sql", "-- sem.attribute.transaction = none\ncreate table a (id int);\nselect 1;\n");
        ApplyReport dry = Scripts.applier(db, new CollectingLog())
                .apply(s.base, ApplyOptions.defaults().withDryRun(true));
        assertThat(dry.dryRunSql())
                .contains("-- statement 1 (line 2) was already applied by an interrupted run")
                .doesNotContain("create table a (id int);")
                .contains("select 1;");
    }
}

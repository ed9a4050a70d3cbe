package dev.sem.lint;

import java.util.List;

import dev.sem.script.TransactionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.sem.lint.Statements.stmt;
import static org.assertj.core.api.Assertions.assertThat;

/** Which statements wait for a lock that blocks reads or writes on a table that existed before the script. */
class StrongLocksTest {

    private static String of(String sql) {
        LintContext cx = new LintContext(
                LintConfig.defaults(),
                TransactionMode.SINGLE,
                new ScriptLint.Project(),
                Timeouts.start(List.of(), true, TransactionMode.SINGLE));
        cx.created(stmt("CREATE TABLE app.fresh (id bigint)"));
        cx.created(stmt("CREATE INDEX fresh_idx ON app.fresh (id)"));
        return StrongLocks.of(stmt(sql), cx);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALTER TABLE app.t ADD COLUMN c text | ALTER TABLE app.t",
                "ALTER TABLE app.t ALTER COLUMN c SET DEFAULT 1 | ALTER TABLE app.t",
                "ALTER TABLE app.t RENAME COLUMN a TO b | ALTER TABLE app.t RENAME",
                "ALTER TABLE app.t DETACH PARTITION app.p | ALTER TABLE app.t",
                "CREATE INDEX i ON app.t (c) | CREATE INDEX on app.t",
                "CREATE UNIQUE INDEX i ON app.t (c) | CREATE UNIQUE INDEX on app.t",
                "CREATE TRIGGER g AFTER INSERT ON app.t FOR EACH ROW EXECUTE FUNCTION f() | CREATE TRIGGER on app.t",
                "DROP TABLE app.fresh, app.t | DROP TABLE",
                "DROP INDEX app.i | DROP INDEX",
                "DROP POLICY p ON app.t | DROP POLICY",
                "TRUNCATE app.t | TRUNCATE",
                "REINDEX TABLE app.t | REINDEX",
                "VACUUM (FULL) app.t | VACUUM FULL",
                "CLUSTER app.t | CLUSTER",
                "LOCK TABLE app.t | LOCK TABLE",
                "REFRESH MATERIALIZED VIEW app.m | REFRESH MATERIALIZED VIEW"
            })
    void waits(String sql, String what) {
        assertThat(of(sql)).isEqualTo(what);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ALTER TABLE app.fresh ADD COLUMN c text",
                "ALTER TABLE app.t VALIDATE CONSTRAINT k",
                "ALTER TABLE app.t ALTER COLUMN c SET STATISTICS 100, SET (fillfactor = 70)",
                "ALTER TABLE app.t DETACH PARTITION app.p CONCURRENTLY",
                "CREATE INDEX CONCURRENTLY i ON app.t (c)",
                "CREATE INDEX i ON app.fresh (c)",
                "DROP TABLE app.fresh",
                "DROP INDEX fresh_idx",
                "DROP INDEX CONCURRENTLY app.i",
                "REINDEX TABLE CONCURRENTLY app.t",
                "REINDEX INDEX fresh_idx",
                "VACUUM app.t",
                "REFRESH MATERIALIZED VIEW CONCURRENTLY app.m",
                "SELECT 1"
            })
    void doesNotWait(String sql) {
        assertThat(of(sql)).isNull();
    }
}

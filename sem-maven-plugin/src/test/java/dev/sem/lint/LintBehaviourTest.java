package dev.sem.lint;

import java.util.List;

import dev.sem.script.Script;
import dev.sem.script.TransactionMode;
import org.junit.jupiter.api.Test;

import static dev.sem.lint.Lint.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** How the rules read scripts: lines, exemptions, transactions, lock_timeout, robustness, tokens. */
class LintBehaviourTest {

    private static List<Finding> only(String rule, List<Finding> findings) {
        return findings.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    @Test
    void findingCarriesRuleSeverityFileLineExplanationAndAlternative() {
        List<Finding> findings = Lint.lint("-- add an index\n\nCREATE INDEX users_email_idx\n  ON app.users (email);");
        assertThat(findings).hasSize(1);
        Finding f = findings.get(0);
        assertThat(f.rule()).isEqualTo("require-concurrent-index-creation");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.file()).isEqualTo("./scripts/20260101-120000.sql");
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.explanation()).isEqualTo(Rule.REQUIRE_CONCURRENT_INDEX_CREATION.explanation());
        assertThat(f.toString())
                .isEqualTo("File[./scripts/20260101-120000.sql] line 3: [require-concurrent-index-creation] CREATE"
                        + " INDEX on app.users without CONCURRENTLY blocks writes to the table while it builds."
                        + " Instead: CREATE INDEX CONCURRENTLY in a script with -- sem.attribute.transaction = none");
    }

    @Test
    void eachActionOfAnAlterTableIsReportedOnItsOwnLine() {
        List<Finding> findings = Lint.lint("ALTER TABLE app.users\n"
                + "  ADD COLUMN a text,\n"
                + "  DROP COLUMN b,\n"
                + "  ALTER COLUMN c TYPE bigint;");
        assertThat(findings)
                .extracting(Finding::rule, Finding::line)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ban-drop-column", 3),
                        org.assertj.core.groups.Tuple.tuple("changing-column-type", 4));
    }

    @Test
    void tablesCreatedInTheSameScriptAreExempt() {
        String script = "CREATE TABLE app.t (id bigint, email text, n integer);\n"
                + "CREATE INDEX t_email_idx ON app.t (email);\n"
                + "ALTER TABLE app.t ADD CONSTRAINT t_n CHECK (n > 0);\n"
                + "ALTER TABLE app.t ADD CONSTRAINT t_fk FOREIGN KEY (n) REFERENCES app.other (id);\n"
                + "ALTER TABLE app.t ADD CONSTRAINT t_email_key UNIQUE (email);\n"
                + "ALTER TABLE app.t ADD PRIMARY KEY (id);\n"
                + "ALTER TABLE app.t ALTER COLUMN email SET NOT NULL;\n"
                + "ALTER TABLE app.t ALTER COLUMN n TYPE bigint;\n"
                + "ALTER TABLE app.t ADD COLUMN k bigint NOT NULL;\n"
                + "ALTER TABLE app.t RENAME COLUMN n TO m;\n"
                + "ALTER TABLE app.t DROP COLUMN m;\n"
                + "ALTER TABLE app.t RENAME TO t2;\n"
                + "ALTER TABLE app.t2 ADD COLUMN j bigint NOT NULL;\n"
                + "DROP TABLE app.t2;";
        assertThat(Lint.lint(Lint.allRules().withLockTimeoutManaged(false), script))
                .isEmpty();
        assertThat(Lint.rules(Lint.lint(
                        Lint.allRules().withLockTimeoutManaged(false), "ALTER TABLE app.t ADD COLUMN k bigint;")))
                .containsExactly("require-lock-timeout", "require-statement-timeout");
    }

    @Test
    void notValidConstraintValidatedInTheSameTransactionIsFlagged() {
        String body = "ALTER TABLE app.accounts ADD CONSTRAINT positive CHECK (balance >= 0) NOT VALID;\n"
                + "ALTER TABLE app.accounts VALIDATE CONSTRAINT positive;\n";
        List<Finding> single = only("constraint-missing-not-valid", Lint.lint(body));
        assertThat(single).hasSize(1);
        assertThat(single.get(0).line()).isEqualTo(2);
        assertThat(single.get(0).message())
                .isEqualTo("VALIDATE CONSTRAINT positive runs in the transaction that added it NOT VALID, so the"
                        + " ACCESS EXCLUSIVE lock of the ADD is held during the whole scan.");
        // transaction = none: each statement commits on its own
        assertThat(Lint.rules(NONE + body)).doesNotContain("constraint-missing-not-valid");
    }

    @Test
    void setNotNullAfterAValidatedCheckInAnEarlierScript() {
        Script first = Lint.input(
                "20260101-120000.sql",
                "ALTER TABLE app.users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;");
        Script second = Lint.input("20260102-120000.sql", "ALTER TABLE app.users VALIDATE CONSTRAINT users_email_nn;");
        Script third = Lint.input(
                "20260103-120000.sql",
                "ALTER TABLE app.users ALTER COLUMN email SET NOT NULL;\n"
                        + "ALTER TABLE app.users DROP CONSTRAINT users_email_nn;");
        Linter linter = new Linter(LintConfig.defaults());
        assertThat(Lint.rules(linter.lint(List.of(first, second, third)))).isEmpty();
        // without the VALIDATE the constraint proves nothing
        assertThat(Lint.rules(linter.lint(List.of(first, third)))).containsExactly("adding-not-nullable-field");
        // before PostgreSQL 12 SET NOT NULL scans regardless
        Finding pg11 = new Linter(LintConfig.defaults().withPostgresVersion(11))
                .lint(List.of(first, second, third))
                .get(0);
        assertThat(pg11.rule()).isEqualTo("adding-not-nullable-field");
        assertThat(pg11.safeAlternative()).startsWith("before PostgreSQL 12 SET NOT NULL always scans");
    }

    @Test
    void lockTimeoutManagedBySemSatisfiesTheRule() {
        String ddl = "ALTER TABLE app.users ADD COLUMN note text;";
        assertThat(Lint.rules(ddl)).isEmpty();
        assertThat(Lint.rules(NONE + "ALTER TABLE app.users ADD COLUMN IF NOT EXISTS note text;"))
                .isEmpty();
    }

    @Test
    void lockTimeoutNotManagedAndNotSet() {
        LintConfig unmanaged = LintConfig.defaults().withLockTimeoutManaged(false);
        List<Finding> findings = Lint.lint(unmanaged, "ALTER TABLE app.users ADD COLUMN note text;");
        assertThat(findings).extracting(Finding::rule).containsExactly("require-lock-timeout");
        assertThat(findings.get(0).message())
                .isEqualTo("ALTER TABLE app.users waits for a strong lock with no lock_timeout: sem does not manage"
                        + " lock_timeout in this run (sem.lockTimeout = 0) and the script does not set it before this"
                        + " statement.");
        assertThat(Lint.rules(Lint.lint(
                        unmanaged, "SET LOCAL lock_timeout = '1s';\nALTER TABLE app.users ADD COLUMN note text;")))
                .isEmpty();
    }

    @Test
    void scriptThatSetsLockTimeoutTooLateOrToZero() {
        List<Finding> late = only(
                "require-lock-timeout",
                Lint.lint("ALTER TABLE app.users ADD COLUMN note text;\nSET LOCAL lock_timeout = '1s';"));
        assertThat(late).hasSize(1);
        assertThat(late.get(0).message())
                .isEqualTo("ALTER TABLE app.users waits for a strong lock with no lock_timeout: the script sets"
                        + " lock_timeout itself (line 2), so sem does not manage it, and it is not set yet here.");
        for (String off : List.of(
                "SET lock_timeout = 0;",
                "SET lock_timeout TO '0';",
                "SET SESSION lock_timeout = '0ms';",
                "SET lock_timeout TO DEFAULT;",
                "SELECT set_config('lock_timeout', '0', true);",
                "SET lock_timeout = '1s';\nRESET lock_timeout;",
                "SET lock_timeout = '1s';\nRESET ALL;")) {
            assertThat(Lint.rules(off + "\nDROP TABLE app.old;"))
                    .as(off)
                    .containsExactly("ban-drop-table", "require-lock-timeout");
        }
        assertThat(Lint.rules("SELECT set_config('lock_timeout', '3s', true);\nDROP TABLE app.old;"))
                .containsExactly("ban-drop-table");
    }

    @Test
    void setLocalHasNoEffectInTransactionNoneScripts() {
        String ddl = "\nALTER TABLE app.users ADD COLUMN IF NOT EXISTS note text;";
        List<Finding> local = only("require-lock-timeout", Lint.lint(NONE + "SET LOCAL lock_timeout = '1s';" + ddl));
        assertThat(local).hasSize(1);
        assertThat(local.get(0).message())
                .isEqualTo("ALTER TABLE app.users waits for a strong lock with no lock_timeout: SET LOCAL lock_timeout"
                        + " at line 2 has no effect outside a transaction block (in a transaction = none script every"
                        + " statement is its own transaction).");
        assertThat(Lint.rules(NONE + "SET lock_timeout = '1s';" + ddl)).isEmpty();
    }

    @Test
    void commitInASingleScriptEndsTheTransactionLocalLockTimeout() {
        List<Finding> findings = only(
                "require-lock-timeout",
                Lint.lint("CREATE TABLE app.t (id bigint);\nCOMMIT;\nALTER TABLE app.users ADD COLUMN note text;"));
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).message())
                .endsWith("the transaction-local lock_timeout ended with the script's COMMIT at line 2.");
    }

    @Test
    void robustStatementsMatterOnlyInTransactionNoneScripts() {
        String script = "CREATE TABLE app.t (id bigint);\n"
                + "CREATE INDEX t_idx ON app.t (id);\n"
                + "ALTER TABLE app.users ADD COLUMN note text;\n"
                + "ALTER TABLE app.users DROP COLUMN old;\n"
                + "DROP VIEW app.v;\n"
                + "CREATE SEQUENCE app.s;";
        assertThat(Lint.rules(script)).doesNotContain("prefer-robust-stmts");
        assertThat(only("prefer-robust-stmts", Lint.lint(NONE + script)))
                .extracting(Finding::line)
                .containsExactly(2, 3, 4, 5, 6, 7);
        String robust = NONE
                + "CREATE TABLE IF NOT EXISTS app.t (id bigint);\n"
                + "CREATE INDEX IF NOT EXISTS t_idx ON app.t (id);\n"
                + "ALTER TABLE app.users ADD COLUMN IF NOT EXISTS note text;\n"
                + "ALTER TABLE app.users DROP COLUMN IF EXISTS old;\n"
                + "DROP VIEW IF EXISTS app.v;\n"
                + "CREATE SEQUENCE IF NOT EXISTS app.s;\n"
                + "ALTER TABLE app.users DROP CONSTRAINT IF EXISTS users_note;\n"
                + "ALTER TABLE app.users ADD CONSTRAINT users_note CHECK (length(note) < 100) NOT VALID;\n"
                + "CREATE OR REPLACE VIEW app.w AS SELECT 1;";
        assertThat(Lint.rules(robust)).doesNotContain("prefer-robust-stmts");
    }

    @Test
    void concurrentIndexRobustnessPointsAtInvalidIndexes() {
        Finding f = only(
                        "prefer-robust-stmts",
                        Lint.lint(NONE + "CREATE INDEX CONCURRENTLY users_email_idx ON app.users (email);"))
                .get(0);
        assertThat(f.safeAlternative())
                .isEqualTo("DROP INDEX CONCURRENTLY IF EXISTS users_email_idx (a failed build leaves an INVALID"
                        + " index) followed by CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx");
    }

    @Test
    void concurrentStatementsInASingleScript() {
        Script input = Lint.input(Lint.NAME, "CREATE INDEX CONCURRENTLY i ON app.t (c);");
        assertThat(input.mode()).isEqualTo(TransactionMode.SINGLE);
        assertThat(Lint.rules(new Linter(LintConfig.defaults()).lint(input)))
                .containsExactly("ban-concurrent-index-creation-in-transaction");
        assertThat(Lint.rules("CREATE FUNCTION app.f() RETURNS void LANGUAGE plpgsql AS $f$ BEGIN"
                        + " EXECUTE 'DROP INDEX CONCURRENTLY app.i'; END $f$;"))
                .containsExactly("ban-concurrent-index-creation-in-transaction");
    }

    @Test
    void versionGatedRules() {
        String detach = "ALTER TABLE app.m DETACH PARTITION app.m_2020;";
        assertThat(Lint.rules(detach)).doesNotContain("require-concurrent-partition-detach"); // 13: no CONCURRENTLY
        assertThat(Lint.rules(Lint.lint(LintConfig.defaults().withPostgresVersion(14), detach)))
                .contains("require-concurrent-partition-detach");
        String reindex = "REINDEX TABLE app.users;";
        assertThat(Lint.rules(reindex)).contains("require-concurrent-reindex");
        assertThat(Lint.rules(Lint.lint(LintConfig.defaults().withPostgresVersion(11), reindex)))
                .doesNotContain("require-concurrent-reindex");
        assertThat(Lint.rules("REINDEX SYSTEM app;")).doesNotContain("require-concurrent-reindex");
        assertThat(Lint.rules(NONE + "REINDEX (CONCURRENTLY) TABLE app.users;"))
                .doesNotContain("require-concurrent-reindex");
    }

    @Test
    void keywordsInStringsCommentsAndQuotedIdentifiersDoNotCount() {
        assertThat(Lint.rules("INSERT INTO app.log (msg) VALUES ('DROP TABLE app.users; ALTER TABLE app.users DROP"
                        + " COLUMN x');\n"
                        + "COMMENT ON TABLE app.users IS 'CREATE INDEX i ON app.users (x)';\n"
                        + "SELECT 1 /* TRUNCATE app.users CASCADE */;\n"
                        + "SELECT $$VACUUM FULL app.users$$;\n"
                        + "CREATE TABLE app.t (\"timestamp\" text, \"varchar\" text);"))
                .isEmpty();
    }

    @Test
    void quotedIdentifiersKeepTheirSpelling() {
        Finding f = Lint.lint("ALTER TABLE \"App\".\"Users\" DROP COLUMN \"Legacy Name\";")
                .get(0);
        assertThat(f.message())
                .isEqualTo("Dropping column \"App\".\"Users\".\"Legacy Name\" breaks clients that still use it.");
    }

    @Test
    void duplicateAssignments() {
        assertThat(Lint.rules("INSERT INTO app.t (a, b, a) VALUES (1, 2, 3);"))
                .containsExactly("ban-duplicate-column-assignments");
        assertThat(Lint.rules("INSERT INTO app.t (a, b) VALUES (1, 2) ON CONFLICT (a) DO UPDATE SET b = 1, b = 2;"))
                .containsExactly("ban-duplicate-column-assignments");
        assertThat(Lint.rules("UPDATE app.t SET (a, b) = (1, 2), a = 3 WHERE id = 1;"))
                .containsExactly("ban-duplicate-column-assignments");
        assertThat(Lint.rules("WITH x AS (SELECT 1) UPDATE app.t SET a = 1 FROM x WHERE a = 2 AND a = 3;"))
                .isEmpty();
        assertThat(Lint.rules("INSERT INTO app.t (SELECT a, a FROM app.u);")).isEmpty();
    }

    @Test
    void psqlEscapedSemicolonPartsAreLintedEach() {
        assertThat(Lint.rules("CREATE INDEX i ON app.t (c) \\; DROP TABLE app.u;"))
                .containsExactly("require-concurrent-index-creation", "ban-drop-table");
    }

    @Test
    void uncommittedBeginIsReportedOnItsLine() {
        List<Finding> findings =
                only("ban-uncommitted-transaction", Lint.lint(NONE + "SELECT 1;\nBEGIN;\nUPDATE app.t SET a = 1;"));
        assertThat(findings).extracting(Finding::line).containsExactly(3);
    }

    @Test
    void keyColumnsOnlyForBigintRules() {
        assertThat(Lint.rules("CREATE TABLE app.t (id integer, n integer, PRIMARY KEY (id));"))
                .containsExactly("prefer-bigint-over-int");
        assertThat(Lint.rules("ALTER TABLE app.t ADD COLUMN n integer;")).isEmpty();
        assertThat(Lint.rules("CREATE TABLE app.t (id smallserial);"))
                .containsExactly("prefer-identity", "prefer-bigint-over-smallint");
    }
}

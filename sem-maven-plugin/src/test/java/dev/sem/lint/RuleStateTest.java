package dev.sem.lint;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.sem.lint.Lint.NONE;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules that keep state from one statement, or one ALTER TABLE action, to the next; each script starts afresh. */
class RuleStateTest {

    @Test
    void anActionSeesTheActionsBeforeItInTheSameStatement() {
        assertThat(Lint.rules(NONE
                        + "ALTER TABLE app.t DROP CONSTRAINT IF EXISTS c, ADD CONSTRAINT c CHECK (a > 0) NOT VALID;"))
                .doesNotContain("prefer-robust-stmts");
        assertThat(Lint.rules("ALTER TABLE app.t ADD CONSTRAINT c CHECK (a > 0) NOT VALID, VALIDATE CONSTRAINT c;"))
                .contains("constraint-missing-not-valid");
        assertThat(Lint.rules(Lint.lint(
                        Lint.allRules(),
                        "ALTER TABLE app.t ADD CONSTRAINT c CHECK (a IS NOT NULL), ALTER COLUMN a SET NOT NULL;")))
                .doesNotContain("adding-not-nullable-field");
    }

    @Test
    void constraintsAddedNotValidAreRememberedPerScript() {
        var add = Lint.input("20260101-120000.sql", "ALTER TABLE app.t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;");
        var validate = Lint.input("20260102-120000.sql", "ALTER TABLE app.t VALIDATE CONSTRAINT c;");
        assertThat(Lint.rules(new Linter(LintConfig.defaults()).lint(List.of(add, validate))))
                .doesNotContain("constraint-missing-not-valid");
    }

    @Test
    void tablesCreatedInAScriptAreExemptOnlyInThatScript() {
        var create = Lint.input("20260101-120000.sql", "CREATE TABLE app.t (a bigint);");
        var drop = Lint.input("20260102-120000.sql", "DROP TABLE app.t;");
        assertThat(Lint.rules(new Linter(LintConfig.defaults()).lint(List.of(create, drop))))
                .containsExactly("ban-drop-table");
    }
}

package dev.sem.lint;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Comments that silence rules for one statement or for the whole file. */
class SuppressionTest {

    private static final String DROP = "ALTER TABLE app.users DROP COLUMN legacy;";
    private static final String DROP_AND_TYPE = "ALTER TABLE app.users DROP COLUMN legacy, ALTER COLUMN n TYPE bigint;";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-- sem-lint-ignore: ban-drop-column\n" + DROP,
                "-- sem-lint-ignore ban-drop-column\n" + DROP,
                "-- squawk-ignore ban-drop-column\n" + DROP,
                "/* sem-lint-ignore: ban-drop-column */\n" + DROP,
                "-- sem-lint-ignore: changing-column-type, ban-drop-column\n" + DROP_AND_TYPE,
                "-- sem-lint-ignore: changing-column-type ban-drop-column -- unused since 2.3\n" + DROP_AND_TYPE,
                "-- unused since 2.3:\n-- sem-lint-ignore: ban-drop-column\n\n" + DROP,
                DROP + " -- sem-lint-ignore: ban-drop-column",
                "ALTER TABLE app.users\n  -- squawk-ignore ban-drop-column\n  DROP COLUMN legacy;",
                "-- sem-lint-ignore\n" + DROP,
                "-- SEM-LINT-IGNORE: BAN-DROP-COLUMN\n" + DROP
            })
    void statementSuppressions(String script) {
        assertThat(Lint.lint(script)).isEmpty();
    }

    @Test
    void aStatementSuppressionCoversOnlyItsStatement() {
        List<Finding> findings = Lint.lint("-- sem-lint-ignore: ban-drop-column\n" + DROP + "\n" + DROP);
        assertThat(findings)
                .extracting(Finding::rule, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ban-drop-column", 3));
    }

    @Test
    void aTrailingCommentBelongsToTheStatementOnItsLine() {
        List<Finding> findings = Lint.lint(DROP + " -- sem-lint-ignore: ban-drop-column\n" + DROP);
        assertThat(findings).extracting(Finding::line).containsExactly(2);
    }

    @Test
    void aSuppressionSilencesOnlyTheRulesItNames() {
        assertThat(Lint.rules("-- sem-lint-ignore: ban-drop-column\n"
                        + "ALTER TABLE app.users DROP COLUMN legacy, ALTER COLUMN n TYPE bigint;"))
                .containsExactly("changing-column-type");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "-- sem-lint-ignore-file: ban-drop-column\n",
                "-- squawk-ignore-file ban-drop-column\n",
                "-- sem-lint-ignore-file\n",
                "SELECT 1;\n-- sem-lint-ignore-file: ban-drop-column\n"
            })
    void fileSuppressions(String directive) {
        assertThat(Lint.lint(directive + DROP + "\n" + DROP + "\n")).isEmpty();
    }

    @Test
    void squawkAliasesWork() {
        assertThat(Lint.lint(
                        LintConfig.defaults().withLockTimeoutManaged(false),
                        "-- squawk-ignore require-timeout-settings\nALTER TABLE app.users ADD COLUMN n text;"))
                .isEmpty();
        assertThat(Lint.lint("-- squawk-ignore prefer-timestamp-tz\nCREATE TABLE app.t (at timestamp);"))
                .isEmpty();
    }

    @Test
    void unknownRuleNamesAreReported() {
        List<Finding> findings = Lint.lint("-- sem-lint-ignore: ban-drop-colum\n" + DROP);
        assertThat(findings).extracting(Finding::rule).containsExactly("unused-ignore", "ban-drop-column");
        Finding unknown = findings.get(0);
        assertThat(unknown.severity()).isEqualTo(Severity.WARNING);
        assertThat(unknown.toString())
                .isEqualTo("File[./scripts/20260101-120000.sql] line 1: [unused-ignore] sem-lint-ignore names"
                        + " 'ban-drop-colum', which is not a sem lint rule. Instead: did you mean ban-drop-column?"
                        + " Correct the name, or remove it");
        assertThat(Lint.lint("-- sem-lint-ignore-file: whatever\nSELECT 1;"))
                .extracting(Finding::message)
                .containsExactly("sem-lint-ignore-file names 'whatever', which is not a sem lint rule.");
    }

    @Test
    void suppressionsThatSilenceNothingAreReported() {
        assertThat(Lint.lint("-- sem-lint-ignore: ban-drop-table\n" + DROP))
                .extracting(Finding::rule, Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "unused-ignore",
                                "sem-lint-ignore names ban-drop-table, which found nothing in the statement at line"
                                        + " 2."),
                        org.assertj.core.groups.Tuple.tuple(
                                "ban-drop-column",
                                "Dropping column app.users.legacy breaks clients that still use it."));
        assertThat(Lint.lint("SELECT 1;\n-- sem-lint-ignore: ban-drop-table\n"))
                .extracting(Finding::message)
                .containsExactly("sem-lint-ignore is not followed by a statement, so it silences nothing.");
        // a rule switched off is not "unused": the comment is kept for configurations that switch it on
        assertThat(Lint.lint(
                        LintConfig.defaults().withOverrides(Map.of("ban-drop-table", Severity.OFF)),
                        "-- sem-lint-ignore: ban-drop-table\nSELECT 1;"))
                .isEmpty();
        assertThat(Lint.lint("-- sem-lint-ignore-file: unused-ignore\n-- sem-lint-ignore: nothing\nSELECT 1;"))
                .isEmpty();
    }

    @Test
    void directivesInsideStringsAreNotComments() {
        assertThat(Lint.rules("SELECT '-- sem-lint-ignore-file';\n" + DROP)).containsExactly("ban-drop-column");
    }

    @Test
    void crlfScriptsKeepTheirLines() {
        List<Finding> findings = Lint.lint("SELECT 1;\r\n-- sem-lint-ignore: ban-drop-column\r\n" + DROP + "\r\n"
                + "CREATE INDEX i ON app.users (x);\r\n");
        assertThat(findings)
                .extracting(Finding::rule, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("require-concurrent-index-creation", 4));
    }
}

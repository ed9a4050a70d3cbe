package dev.sem.lint;

import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.report.JsonReports;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Severities, failOn, aliases and the report. */
class LintConfigTest {

    private static final String SCRIPT =
            "ALTER TABLE app.users DROP COLUMN legacy;\nCREATE TABLE app.t (at timestamp);";

    @Test
    void defaults() {
        LintConfig config = LintConfig.defaults();
        assertThat(config.failOn()).isEqualTo(Severity.ERROR);
        assertThat(config.postgresVersion()).isEqualTo(13);
        assertThat(config.lockTimeoutManaged()).isTrue();
        assertThat(config.severity(Rule.BAN_DROP_COLUMN)).isEqualTo(Severity.ERROR);
        assertThat(config.severity(Rule.PREFER_TIMESTAMPTZ)).isEqualTo(Severity.WARNING);
        assertThat(config.severity(Rule.REQUIRE_TABLE_SCHEMA)).isEqualTo(Severity.OFF);
        assertThat(config.severity(Rule.REQUIRE_STATEMENT_TIMEOUT)).isEqualTo(Severity.OFF);
        List<Finding> findings = Lint.lint(SCRIPT);
        assertThat(findings)
                .extracting(Finding::rule, Finding::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ban-drop-column", Severity.ERROR),
                        org.assertj.core.groups.Tuple.tuple("prefer-timestamptz", Severity.WARNING));
        assertThat(config.fails(findings)).isTrue();
    }

    @Test
    void offSilencesARule() {
        LintConfig config = LintConfig.defaults().withOverrides(Map.of("ban-drop-column", Severity.OFF));
        assertThat(Lint.rules(Lint.lint(config, SCRIPT))).containsExactly("prefer-timestamptz");
    }

    @Test
    void warningDoesNotFailUnlessFailOnIsWarning() {
        LintConfig config = LintConfig.defaults().withOverrides(Map.of("ban-drop-column", Severity.WARNING));
        List<Finding> findings = Lint.lint(config, SCRIPT);
        assertThat(findings).extracting(Finding::severity).containsOnly(Severity.WARNING);
        assertThat(config.fails(findings)).isFalse();
        assertThat(config.withFailOn(Severity.WARNING).fails(findings)).isTrue();
    }

    @Test
    void failOnNoneNeverFails() {
        LintConfig config = LintConfig.defaults().withFailOn(Severity.OFF);
        List<Finding> findings = Lint.lint(config, SCRIPT);
        assertThat(findings).hasSize(2);
        assertThat(config.fails(findings)).isFalse();
        assertThat(LintReport.of(1, findings, config).failed()).isFalse();
    }

    @Test
    void errorCanBeRaisedFromWarningAndOptInRulesSwitchedOn() {
        LintConfig config = LintConfig.defaults()
                .withOverrides(Map.of("prefer-timestamptz", Severity.ERROR, "require-table-schema", Severity.ERROR));
        assertThat(Lint.lint(config, "CREATE TABLE t (at timestamp);"))
                .extracting(Finding::rule, Finding::severity)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("require-table-schema", Severity.ERROR),
                        org.assertj.core.groups.Tuple.tuple("prefer-timestamptz", Severity.ERROR));
    }

    @Test
    void squawkAliasesAndExactIdsWin() {
        LintConfig config = LintConfig.defaults()
                .withOverrides(Map.of(
                        "require-timeout-settings", Severity.ERROR,
                        "require-lock-timeout", Severity.WARNING,
                        "PREFER-TIMESTAMP-TZ", Severity.OFF));
        assertThat(config.severity(Rule.REQUIRE_STATEMENT_TIMEOUT)).isEqualTo(Severity.ERROR);
        assertThat(config.severity(Rule.REQUIRE_LOCK_TIMEOUT)).isEqualTo(Severity.WARNING);
        assertThat(config.severity(Rule.PREFER_TIMESTAMPTZ)).isEqualTo(Severity.OFF);
    }

    @Test
    void unknownRulesAndBadValuesAreRefused() {
        assertThatThrownBy(() -> LintConfig.defaults().withOverrides(Map.of("ban-drop-colum", Severity.OFF)))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("Unknown lint rule 'ban-drop-colum' in the lint rule severities; known rules:"
                        + " adding-field-with-default, ");
        assertThatThrownBy(() -> Severity.parse("fatal", "<lintRules><ban-drop-column>"))
                .hasMessage("<lintRules><ban-drop-column> = 'fatal' is not a severity; use error, warning or off");
        assertThat(Severity.parse(" Warn ", "x")).isEqualTo(Severity.WARNING);
        assertThat(Severity.parse("none", "x")).isEqualTo(Severity.OFF);
        assertThatThrownBy(() -> LintConfig.defaults().withPostgresVersion(8))
                .hasMessage("PostgreSQL version 8 is not a major version sem knows; give the major version, such as 13"
                        + " or 17");
    }

    @Test
    void reportSummarizesAndSerializes() {
        LintConfig config = LintConfig.defaults();
        LintReport report = LintReport.of(3, Lint.lint(SCRIPT), config);
        assertThat(report.summary()).isEqualTo("Lint: 1 error, 1 warning in 3 scripts");
        assertThat(report.failed()).isTrue();
        String json = JsonReports.toJson(report);
        assertThat(json)
                .contains("\"failOn\" : \"error\"")
                .contains("\"rule\" : \"ban-drop-column\"")
                .contains("\"severity\" : \"ERROR\"")
                .contains("\"line\" : 1")
                .contains("\"safeAlternative\" : ");
    }
}

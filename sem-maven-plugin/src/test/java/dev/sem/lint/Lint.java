package dev.sem.lint;

import java.util.List;
import java.util.Map;

import dev.sem.script.ScriptAttributes;
import dev.sem.sql.ScriptParser;

/** Test helpers: lint script text as the validate goal would. */
final class Lint {

    static final String NAME = "20260101-120000.sql";
    static final String FILE = "./scripts/" + NAME;
    static final String NONE = "-- sem.attribute.transaction = none\n";

    private Lint() {}

    static LintInput input(String name, String text) {
        String display = "./scripts/" + name;
        return new LintInput(
                name,
                display,
                ScriptAttributes.parse(display, text).mode(),
                new ScriptParser(Map.of(), null).parse(display, text),
                text);
    }

    static List<Finding> lint(String text) {
        return lint(LintConfig.defaults(), text);
    }

    static List<Finding> lint(LintConfig config, String text) {
        return new Linter(config).lint(input(NAME, text));
    }

    static List<String> rules(List<Finding> findings) {
        return findings.stream().map(Finding::rule).toList();
    }

    static List<String> rules(String text) {
        return rules(lint(text));
    }

    /** Every rule on, the opt-in ones as warnings, PostgreSQL 16. */
    static LintConfig allRules() {
        return LintConfig.defaults()
                .withPostgresVersion(16)
                .withOverrides(Map.of(
                        "require-statement-timeout", Severity.WARNING, "require-table-schema", Severity.WARNING));
    }
}

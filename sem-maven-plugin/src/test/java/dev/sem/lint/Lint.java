package dev.sem.lint;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.script.Script;
import dev.sem.script.ScriptReader;

/** Test helpers: lint script text as the validate goal would. */
final class Lint {

    static final String NAME = "20260101-120000.sql";
    static final String FILE = "./scripts/" + NAME;
    static final String NONE = "-- sem.attribute.transaction = none\n";

    private Lint() {}

    static Script input(String name, String text) {
        return new ScriptReader(null, ScriptReader.Options.defaults(), EngineLog.silent())
                .decodeAndParse(Script.of(name, text.getBytes(StandardCharsets.UTF_8)));
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

package dev.sem.lint;

import java.util.Objects;

/**
 * One lint finding.
 *
 * @param rule the rule id (squawk's name for the rule, see {@link Rule})
 * @param severity {@link Severity#ERROR} or {@link Severity#WARNING} (never {@code OFF})
 * @param file the display path of the file holding the statement, such as {@code ./scripts/20260101-120000.sql}
 * @param line the 1-based line of the offending clause
 * @param message what is wrong with this statement, one sentence
 * @param explanation why the rule exists: what the statement does to a live database
 * @param safeAlternative what to write instead
 */
public record Finding(
        String rule,
        Severity severity,
        String file,
        int line,
        String message,
        String explanation,
        String safeAlternative) {

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(safeAlternative, "safeAlternative");
    }

    /** {@code File[./scripts/x.sql] line 3: [rule] message Instead: alternative}. */
    @Override
    public String toString() {
        return "File[" + file + "] line " + line + ": [" + rule + "] " + message + " Instead: " + safeAlternative;
    }
}

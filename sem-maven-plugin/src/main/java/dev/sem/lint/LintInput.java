package dev.sem.lint;

import java.util.Objects;

import dev.sem.script.TransactionMode;
import dev.sem.sql.ParsedScript;

/**
 * One script to lint.
 *
 * @param name the script's file name, such as {@code 20260101-120000.sql}
 * @param displayPath the path shown in findings, such as {@code ./scripts/20260101-120000.sql}
 * @param mode the script's {@code transaction} attribute
 * @param parsed its statements, as the applier would run them
 * @param text the decoded file (byte order mark dropped), read for suppression comments
 */
public record LintInput(String name, String displayPath, TransactionMode mode, ParsedScript parsed, String text) {

    public LintInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayPath, "displayPath");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(parsed, "parsed");
        Objects.requireNonNull(text, "text");
    }
}

package dev.sem.lint;

import java.util.Locale;

import dev.sem.SemException;

/** How much a lint finding matters. */
public enum Severity {
    /** Fails the build (with the default {@code failOn = error}). */
    ERROR,
    /** Printed; fails the build only with {@code failOn = warning}. */
    WARNING,
    /** The rule does not run. */
    OFF;

    /**
     * Parses a severity as written in a POM or on the command line: {@code error}, {@code warning} (or {@code warn}),
     * {@code off} (or {@code none}, {@code ignore}); case-insensitive.
     *
     * @param what names the setting in the error message, such as {@code <lintRules><ban-drop-column>}
     * @throws SemException for anything else
     */
    public static Severity parse(String value, String what) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "error" -> ERROR;
            case "warning", "warn" -> WARNING;
            case "off", "none", "ignore" -> OFF;
            default -> throw new SemException(what + " = '" + value + "' is not a severity; use error, warning or off");
        };
    }

    /** Lower-case name, as written in configuration and reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package dev.sem.pkg;

import java.util.Locale;

/** Whether a package owns a schema ({@code SCHEMA}) or acts on the database as a whole ({@code DATABASE}). */
public enum Scope {
    SCHEMA,
    DATABASE;

    /** Parses the descriptor value case-insensitively, as pgpm does; null when it is neither. */
    public static Scope parse(String text) {
        if (text == null) {
            return null;
        }
        for (Scope s : values()) {
            if (s.name().equals(text.toUpperCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }
}

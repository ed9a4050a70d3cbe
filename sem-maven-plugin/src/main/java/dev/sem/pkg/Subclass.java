package dev.sem.pkg;

import java.util.Locale;

/** How a package's schema is named (pgpm spec §5): with the version ({@code versioned}) or the bare name. */
public enum Subclass {
    VERSIONED,
    BASIC;

    /** The descriptor and registry spelling: {@code versioned} or {@code basic}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the descriptor value exactly ({@code versioned} or {@code basic}); null when it is neither. */
    public static Subclass parse(String text) {
        for (Subclass s : values()) {
            if (s.text().equals(text)) {
                return s;
            }
        }
        return null;
    }
}

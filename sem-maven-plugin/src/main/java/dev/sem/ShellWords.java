package dev.sem;

import java.util.regex.Pattern;

/** Words of the commands a hint suggests, written so that a POSIX shell reads each as one word, as printed. */
public final class ShellWords {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_~-]+");

    private ShellWords() {}

    /** {@code word} as is when the shell reads it literally, else in single quotes. */
    public static String quote(String word) {
        return PLAIN.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}

package dev.sem.script;

import java.util.regex.Pattern;

/**
 * The file-name rules: which files of {@code scripts/} are candidates, and which candidates are valid script names
 * (§2.3: six or more digits, a hyphen, exactly six digits, then {@code .sql} in lower case).
 */
public final class ScriptName {

    private static final Pattern VALID = Pattern.compile("^\\d{6,}-\\d{6}\\.sql$");

    /** An example of a valid name, as sem (Ruby) prints it. */
    public static final String EXAMPLE = "20120503-173242.sql";

    private ScriptName() {}

    /** Whether {@code name} (a bare file name, no directory) may be recorded as a script. */
    public static boolean isValid(String name) {
        // \d in Java matches ASCII digits only, like Ruby's.
        return name != null && VALID.matcher(name).matches();
    }

    /** Whether sem would consider this file of {@code scripts/}: it ends in lower-case {@code .sql}, is no dot-file. */
    public static boolean isCandidate(String fileName) {
        return fileName.endsWith(".sql") && !fileName.startsWith(".") && fileName.indexOf('/') < 0;
    }

    /** sem (Ruby)'s message for a non-conforming name, verbatim. */
    public static String invalidMessage(String name) {
        return "Invalid filename[" + name + "]. Must be like: " + EXAMPLE;
    }
}

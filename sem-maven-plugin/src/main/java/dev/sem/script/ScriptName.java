package dev.sem.script;

import java.util.List;
import java.util.regex.Pattern;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.ShellWords;

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

    /**
     * The commands that give the files {@code names} of {@code scripts/} a valid timestamp name: {@code sem:add} moves
     * each file to a new name and stages it in git, one run per file.
     */
    public static Message addCommands(List<String> names) {
        Message commands = Message.text("");
        for (int i = 0; i < names.size(); i++) {
            commands = commands.then(i == 0 ? "mvn sem:add " : "; mvn sem:add ")
                    .then(Option.FILE, ShellWords.quote(Script.displayPath(names.get(i))));
        }
        return commands;
    }

    /**
     * How to fix invalid names, the same for every goal that finds them: rename the files with {@code sem:add}
     * ({@link #addCommands(List)}), or move them out of {@code scripts/}.
     */
    public static Message renameHint(List<String> names) {
        boolean one = names.size() == 1;
        return Message.text(one ? "Rename it with " : "Rename them with ")
                .then(addCommands(names))
                .then(" (sem:add moves a file to a new timestamp name and stages it; never rename a script that was"
                        + " already applied), or move " + (one ? "it" : "them") + " out of scripts/");
    }
}

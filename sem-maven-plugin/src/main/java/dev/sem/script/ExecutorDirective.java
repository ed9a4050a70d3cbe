package dev.sem.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.SemException;

/**
 * Reads the per-script directive {@code -- sem.executor = psql}, which hands a script that needs psql (for {@code \if},
 * {@code \gset}, {@code \copy}, …) to the installed psql instead of sem's built-in executor.
 *
 * <p>The directive deliberately does not start with {@code -- sem.attribute.}: sem (Ruby) refuses unknown attributes
 * but ignores this line as an ordinary comment (and always runs scripts with psql anyway). Like the attributes it is
 * read from any trimmed line, without SQL parsing. Any line that starts like the directive ({@code --sem.executor},
 * {@code -- SEM.Executor …}) but is not exactly {@code -- sem.executor = psql} is an error, so that a misspelt
 * directive never silently leaves the script to the built-in executor.
 */
public final class ExecutorDirective {

    /** The directive as it must be written. */
    public static final String LINE = "-- sem.executor = psql";

    private static final Pattern LOOKS_LIKE =
            Pattern.compile("^--\\s*sem\\s*\\.\\s*executors?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern EXACT = Pattern.compile("^--\\s+sem\\.executor\\s*=\\s*(\\S*)$");

    private ExecutorDirective() {}

    /**
     * The executor a script asks for: {@link Executor#PSQL} when it holds the directive, else {@link Executor#BUILT_IN}.
     *
     * @param file the script's path, used in messages
     * @param text the decoded script text
     * @throws SemException naming the file and line of a line that looks like the directive but is not one
     */
    public static Executor parse(String file, String text) {
        Executor executor = Executor.BUILT_IN;
        int lineNumber = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = ScriptAttributes.rubyStrip(text.substring(start, end));
            start = end + 1;
            if (!LOOKS_LIKE.matcher(line).find()) {
                continue;
            }
            Matcher m = EXACT.matcher(line);
            if (m.matches() && m.group(1).equals("psql")) {
                executor = Executor.PSQL;
                continue;
            }
            String value = m.matches() ? m.group(1) : null;
            throw new SemException("File[" + file + "] line " + lineNumber + ": "
                    + (value != null
                            ? "unknown executor '" + value + "'; the only one is psql"
                            : "'" + line + "' is not a valid executor directive")
                    + ": write the line exactly as '" + LINE + "' to run this script with psql, or remove it to run"
                    + " it with the built-in executor");
        }
        return executor;
    }
}

package dev.sem.script;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the per-script attributes ({@code -- sem.attribute.<name> = <value>}) exactly as sem (Ruby) does (§5.1, §5.2)
 * and reports near misses that sem (Ruby) silently ignores (§11 #3).
 *
 * <p>There is no SQL parsing: any line counts, including lines inside block comments or string literals.
 */
public final class ScriptAttributes {

    /** sem (Ruby)'s test on the trimmed line: case-sensitive, at least one whitespace after {@code --}. */
    private static final Pattern ATTRIBUTE = Pattern.compile("^--\\s+sem\\.attribute\\.");

    /** Lines that look like an attribute but are not one, at the start of a trimmed line. */
    private static final Pattern NEAR_MISS_START =
            Pattern.compile("^--\\s*sem\\s*\\.\\s*attributes?(?![a-z0-9_])", Pattern.CASE_INSENSITIVE);

    /** The same, later in a line (after SQL or other text): sem (Ruby) only looks at the start. */
    private static final Pattern NEAR_MISS_INSIDE =
            Pattern.compile("--\\s*sem\\s*\\.\\s*attributes?(?![a-z0-9_])", Pattern.CASE_INSENSITIVE);

    private static final String KNOWN_NAMES = "transaction";
    private static final String KNOWN_VALUES = "single none";
    private static final int MAX_QUOTED_LINE = 80;

    private ScriptAttributes() {}

    /**
     * The result of the scan.
     *
     * @param mode the transaction mode
     * @param nearMisses lines that look like attributes but are not honoured, and transaction attributes that
     *     contradict an earlier one, in line order
     */
    public record Attributes(TransactionMode mode, List<Warning> nearMisses) {
        public Attributes {
            nearMisses = List.copyOf(nearMisses);
        }
    }

    /** Parses without strict mode: near misses become warnings. */
    public static Attributes parse(String file, String text) {
        return parse(file, text, false);
    }

    /**
     * Parses the attributes of one script.
     *
     * @param file the script's path, used in messages
     * @param text the decoded script text (see {@link ScriptText})
     * @param strict whether a near miss is an error instead of a warning
     * @throws AttributeException for the first line sem (Ruby) would refuse (in line order), or for the first near
     *     miss or contradicting second transaction attribute in strict mode (a warning otherwise)
     */
    public static Attributes parse(String file, String text, boolean strict) {
        return parse(file, text, strict, offset -> 0);
    }

    /**
     * {@link #parse(String, String, boolean)} of a text with lines left out (a large script without its COPY data).
     *
     * @param linesBefore the number of lines left out before an offset of {@code text}, added to line numbers
     */
    static Attributes parse(String file, String text, boolean strict, IntUnaryOperator linesBefore) {
        List<Warning> nearMisses = new ArrayList<>();
        boolean sawSingle = false;
        boolean sawNone = false;
        int firstLine = 0;
        int textLine = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            textLine++;
            int lineNumber = textLine + linesBefore.applyAsInt(start);
            String line = rubyStrip(text.substring(start, end));
            start = end + 1;

            Matcher m = ATTRIBUTE.matcher(line);
            if (m.find()) {
                TransactionMode mode = attribute(file, lineNumber, line.substring(m.end()));
                if (firstLine == 0) {
                    firstLine = lineNumber;
                } else if (mode == TransactionMode.SINGLE ? sawNone : sawSingle) {
                    String message = "File[" + file + "] line " + lineNumber + ": a second transaction attribute"
                            + " contradicts the one on line " + firstLine + "; transaction = single wins, as in sem"
                            + " (Ruby)" + (strict ? " (strict mode makes this an error)" : "")
                            + "; keep one -- sem.attribute.transaction line";
                    if (strict) {
                        throw new AttributeException(file, lineNumber, message);
                    }
                    nearMisses.add(new Warning(file, lineNumber, message));
                }
                if (mode == TransactionMode.SINGLE) {
                    sawSingle = true;
                } else {
                    sawNone = true;
                }
            } else if (NEAR_MISS_START.matcher(line).find()
                    || NEAR_MISS_INSIDE.matcher(line).find()) {
                String message = nearMissMessage(file, lineNumber, line, strict);
                if (strict) {
                    throw new AttributeException(file, lineNumber, message);
                }
                nearMisses.add(new Warning(file, lineNumber, message));
            }
        }
        TransactionMode mode = sawSingle || !sawNone ? TransactionMode.SINGLE : TransactionMode.NONE;
        return new Attributes(mode, nearMisses);
    }

    private static TransactionMode attribute(String file, int line, String rest) {
        int eq = rest.indexOf('=');
        String name = rubyStrip(eq < 0 ? rest : rest.substring(0, eq));
        String value = eq < 0 ? null : rubyStrip(rest.substring(eq + 1));
        String prefix = "File[" + file + "] line " + line + ": ";
        if (!name.equals("transaction")) {
            throw new AttributeException(
                    file, line, prefix + "Attribute with name[" + name + "] not found. Must be one of: " + KNOWN_NAMES);
        }
        if (value == null) {
            throw new AttributeException(
                    file, line, prefix + "Attribute[transaction] - Missing value. Must be one of: " + KNOWN_VALUES);
        }
        for (TransactionMode mode : TransactionMode.values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        throw new AttributeException(
                file,
                line,
                prefix + "Attribute[transaction] - Invalid value[" + value + "]. Must be one of: " + KNOWN_VALUES);
    }

    private static String nearMissMessage(String file, int line, String text, boolean strict) {
        String quoted = text.length() > MAX_QUOTED_LINE ? text.substring(0, MAX_QUOTED_LINE) + "…" : text;
        return "File[" + file + "] line " + line + ": '" + quoted + "' looks like a sem attribute but is not one, so it"
                + " is ignored" + (strict ? " (strict mode makes this an error)" : "")
                + "; write it at the start of a line as -- sem.attribute.transaction = none (lower case, a space after"
                + " --) or reword the comment";
    }

    /** Ruby's {@code String#strip}: removes ASCII whitespace and NUL only, unlike {@link String#strip()}. */
    static String rubyStrip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isRubySpace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isRubySpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    private static boolean isRubySpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\0';
    }
}

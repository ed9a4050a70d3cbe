package dev.sem.sql;

import java.util.Map;

/**
 * Reads one psql meta-command (the text after its backslash, up to the end of the line) the way psql's
 * psqlscanslash.l does: the command name runs to whitespace or a backslash; arguments are separated by whitespace;
 * {@code '...'} arguments take {@code ''} and backslash escapes ({@code \n \t \b \r \f}, octal, {@code \xHH}); {@code
 * "..."} is kept with its quotes; {@code :name}, {@code :'name'}, {@code :"name"} and {@code :{?name}} are substituted; a
 * backslash ends the arguments, and {@code \\} ends the command so SQL can follow on the same line.
 */
final class MetaCommand {

    private final String text;
    private final int end;
    private final Map<String, String> variables;
    private final String file;
    private final int line;
    private int pos;

    MetaCommand(String text, int start, int end, Map<String, String> variables, String file, int line) {
        this.text = text;
        this.pos = start;
        this.end = end;
        this.variables = variables;
        this.file = file;
        this.line = line;
    }

    /** The command name, such as {@code echo} or {@code i}. */
    String name() {
        int start = pos;
        while (pos < end && !Scanner.isSpace(text.charAt(pos)) && text.charAt(pos) != '\\') {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Result of {@link #nextArgument}. */
    record Argument(String value, boolean quoted) {}

    /**
     * The next argument, or {@code null} when there is none.
     *
     * @param stripSemicolons drop unquoted trailing semicolons (psql does for file names)
     */
    Argument nextArgument(boolean stripSemicolons) {
        while (pos < end && Scanner.isSpace(text.charAt(pos))) {
            pos++;
        }
        if (pos >= end || text.charAt(pos) == '\\') {
            return null;
        }
        StringBuilder out = new StringBuilder();
        boolean quoted = false;
        int unquotedTail = 0;
        while (pos < end) {
            char c = text.charAt(pos);
            if (Scanner.isSpace(c) || c == '\\') {
                break;
            }
            if (c == '\'') {
                quoted = true;
                unquotedTail = 0;
                singleQuoted(out);
            } else if (c == '"') {
                quoted = true;
                unquotedTail = 0;
                int close = text.indexOf('"', pos + 1);
                if (close < 0 || close >= end) {
                    throw unterminated();
                }
                out.append(text, pos, close + 1);
                pos = close + 1;
            } else if (c == '`') {
                throw new ScriptSyntaxException(
                        file,
                        line,
                        "backquoted (shell command) arguments of psql meta-commands are not supported by the built-in"
                                + " executor, which runs no shell; write the value literally");
            } else if (c == ':' && variable(out)) {
                quoted = true;
                unquotedTail = 0;
            } else {
                out.append(c);
                pos++;
                unquotedTail++;
            }
        }
        if (stripSemicolons) {
            int len = out.length();
            while (len > 0 && unquotedTail > 0 && out.charAt(len - 1) == ';') {
                len--;
                unquotedTail--;
            }
            out.setLength(len);
        }
        if (out.length() == 0 && !quoted) {
            return null;
        }
        return new Argument(out.toString(), quoted);
    }

    /** Skips the arguments the command did not use, then a {@code \\}; returns where SQL lexing resumes. */
    int finish() {
        while (nextArgument(false) != null) {
            // psql ignores (with a warning) arguments a command does not take
        }
        if (text.startsWith("\\\\", pos) && pos + 2 <= end) {
            pos += 2;
        }
        return pos;
    }

    private void singleQuoted(StringBuilder out) {
        pos++;
        while (true) {
            if (pos >= end) {
                throw unterminated();
            }
            char c = text.charAt(pos);
            if (c == '\'') {
                if (pos + 1 < end && text.charAt(pos + 1) == '\'') {
                    out.append('\'');
                    pos += 2;
                    continue;
                }
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < end) {
                char e = text.charAt(pos + 1);
                switch (e) {
                    case 'n' -> simple(out, '\n');
                    case 't' -> simple(out, '\t');
                    case 'b' -> simple(out, '\b');
                    case 'r' -> simple(out, '\r');
                    case 'f' -> simple(out, '\f');
                    case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                        int q = pos + 1;
                        while (q < end && q < pos + 4 && text.charAt(q) >= '0' && text.charAt(q) <= '7') {
                            q++;
                        }
                        out.append((char) (Integer.parseInt(text.substring(pos + 1, q), 8) & 0xFF));
                        pos = q;
                    }
                    case 'x' -> {
                        int q = pos + 2;
                        while (q < end && q < pos + 4 && Character.digit(text.charAt(q), 16) >= 0) {
                            q++;
                        }
                        if (q == pos + 2) {
                            simple(out, 'x');
                        } else {
                            out.append((char) Integer.parseInt(text.substring(pos + 2, q), 16));
                            pos = q;
                        }
                    }
                    default -> simple(out, e);
                }
                continue;
            }
            out.append(c);
            pos++;
        }
    }

    private void simple(StringBuilder out, char c) {
        out.append(c);
        pos += 2;
    }

    /** Substitutes a variable reference at {@code pos}; returns false (consuming nothing) when there is none. */
    private boolean variable(StringBuilder out) {
        int p = pos + 1;
        char kind = p < end ? text.charAt(p) : 0;
        int nameStart;
        char close;
        if (kind == '\'' || kind == '"') {
            nameStart = p + 1;
            close = kind;
        } else if (kind == '{' && p + 1 < end && text.charAt(p + 1) == '?') {
            nameStart = p + 2;
            close = '}';
        } else {
            nameStart = p;
            close = 0;
        }
        int q = nameStart;
        while (q < end && Scanner.isVariableChar(text.charAt(q))) {
            q++;
        }
        if (q == nameStart) {
            return false;
        }
        String name = text.substring(nameStart, q);
        int refEnd;
        if (close != 0) {
            if (q >= end || text.charAt(q) != close) {
                return false;
            }
            refEnd = q + 1;
        } else {
            refEnd = q;
        }
        String value = variables.get(name);
        if (close == '}') {
            out.append(value != null ? "TRUE" : "FALSE");
        } else if (value == null) {
            out.append(text, pos, refEnd);
        } else if (close == '\'') {
            out.append(ScriptParser.quoteLiteral(value));
        } else if (close == '"') {
            out.append(ScriptParser.quoteIdentifier(value));
        } else {
            out.append(value);
        }
        pos = refEnd;
        return true;
    }

    private ScriptSyntaxException unterminated() {
        return new ScriptSyntaxException(
                file, line, "unterminated quoted argument of a psql meta-command; close the quote on the same line");
    }
}

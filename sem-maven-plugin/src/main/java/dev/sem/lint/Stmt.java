package dev.sem.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sem.sql.SqlLexer;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * The significant tokens of one statement (or of one {@code \;}-separated part of it), with parenthesis depths, for
 * the rules to read. Keywords are matched only on unquoted identifiers, so nothing inside strings, dollar quotes,
 * comments or quoted identifiers ever counts as a keyword.
 */
final class Stmt {

    /**
     * One token.
     *
     * @param type the lexer's type
     * @param text the exact text
     * @param word for an unquoted identifier its lower-case text (a keyword or a folded name); for a quoted identifier
     *     its unquoted content; otherwise the text
     * @param depth the parenthesis depth outside the token (a parenthesis has the depth of what surrounds it)
     * @param offset the index of the token's first character in the statement's SQL
     */
    record Tok(TokenType type, String text, String word, int depth, int offset) {}

    /** A possibly qualified name, such as {@code app.users}; {@code end} is the index after its last token. */
    record Name(List<String> parts, String text, int end) {
        /** The last part: the object's own name, folded as PostgreSQL folds it. */
        String last() {
            return parts.get(parts.size() - 1);
        }

        boolean qualified() {
            return parts.size() > 1;
        }
    }

    final SqlStatement source;
    final int index;
    private final List<Tok> toks;

    private Stmt(SqlStatement source, int index, List<Tok> toks) {
        this.source = source;
        this.index = index;
        this.toks = toks;
    }

    /** The parts of a statement: more than one only when psql's {@code \;} joined several. */
    static List<Stmt> parts(SqlStatement statement, int index) {
        List<Tok> all = new ArrayList<>();
        int depth = 0;
        for (Token t : SqlLexer.tokenize(statement.sql())) {
            switch (t.type()) {
                case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, META_COMMAND, COPY_DATA -> {
                    continue;
                }
                default -> {}
            }
            if (t.type() == TokenType.RIGHT_PAREN) {
                depth = Math.max(0, depth - 1);
            }
            all.add(new Tok(t.type(), t.text(), word(t), depth, t.offset()));
            if (t.type() == TokenType.LEFT_PAREN) {
                depth++;
            }
        }
        boolean atomicBody = all.stream()
                .anyMatch(t -> t.type() == TokenType.IDENTIFIER && t.word().equals("atomic"));
        List<Stmt> parts = new ArrayList<>();
        List<Tok> current = new ArrayList<>();
        for (Tok t : all) {
            if (t.type() == TokenType.SEMICOLON && t.depth() == 0 && !atomicBody) {
                if (!current.isEmpty()) {
                    parts.add(new Stmt(statement, index, current));
                }
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty() || parts.isEmpty()) {
            parts.add(new Stmt(statement, index, current));
        }
        return parts;
    }

    private static String word(Token t) {
        return switch (t.type()) {
            case IDENTIFIER -> t.text().toLowerCase(Locale.ROOT);
            case QUOTED_IDENTIFIER -> unquote(t.text());
            default -> t.text();
        };
    }

    private static String unquote(String quoted) {
        int open = quoted.indexOf('"');
        if (open < 0 || quoted.length() < open + 2) {
            return quoted;
        }
        return quoted.substring(open + 1, quoted.length() - 1).replace("\"\"", "\"");
    }

    int size() {
        return toks.size();
    }

    Tok tok(int i) {
        return toks.get(i);
    }

    /** The keyword at {@code i}: the lower-case text of an unquoted identifier, else {@code ""}. */
    String kw(int i) {
        if (i < 0 || i >= toks.size()) {
            return "";
        }
        Tok t = toks.get(i);
        return t.type() == TokenType.IDENTIFIER ? t.word() : "";
    }

    /** Whether the keywords starting at {@code i} are {@code words}. */
    boolean is(int i, String... words) {
        for (int k = 0; k < words.length; k++) {
            if (!kw(i + k).equals(words[k])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the token at {@code i} has this exact text (for punctuation and operators). */
    boolean text(int i, String text) {
        return i >= 0 && i < toks.size() && toks.get(i).text().equals(text);
    }

    boolean type(int i, TokenType type) {
        return i >= 0 && i < toks.size() && toks.get(i).type() == type;
    }

    /** Whether the token can be (part of) a name: an identifier, quoted or not, or an unresolved psql variable. */
    boolean isName(int i) {
        return type(i, TokenType.IDENTIFIER) || type(i, TokenType.QUOTED_IDENTIFIER) || type(i, TokenType.VARIABLE);
    }

    /** The index of the first occurrence of the keywords at depth {@code depth} within [from, to), or -1. */
    int find(int from, int to, int depth, String... words) {
        for (int i = Math.max(from, 0); i + words.length <= Math.min(to, toks.size()); i++) {
            if (toks.get(i).depth() == depth && is(i, words)) {
                return i;
            }
        }
        return -1;
    }

    /** Shorthand: {@link #find(int, int, int, String...)} to the end at depth 0. */
    int find(int from, String... words) {
        return find(from, toks.size(), 0, words);
    }

    /** The index of the parenthesis closing the one at {@code open}, or {@link #size()}. */
    int closing(int open) {
        int depth = toks.get(open).depth();
        for (int i = open + 1; i < toks.size(); i++) {
            if (toks.get(i).type() == TokenType.RIGHT_PAREN && toks.get(i).depth() == depth) {
                return i;
            }
        }
        return toks.size();
    }

    /** The ranges [start, end) between the commas at {@code depth} in [from, to). */
    List<int[]> split(int from, int to, int depth) {
        List<int[]> ranges = new ArrayList<>();
        int start = from;
        for (int i = from; i < to; i++) {
            Tok t = toks.get(i);
            if (t.depth() == depth
                    && t.type() == TokenType.PUNCTUATION
                    && t.text().equals(",")) {
                ranges.add(new int[] {start, i});
                start = i + 1;
            }
        }
        if (start < to) {
            ranges.add(new int[] {start, to});
        }
        return ranges;
    }

    /** The possibly qualified name starting at {@code i}, or {@code null} when there is none. */
    Name name(int i) {
        if (!isName(i)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int j = i;
        while (true) {
            parts.add(toks.get(j).word());
            text.append(toks.get(j).text());
            if (text(j + 1, ".") && isName(j + 2)) {
                text.append('.');
                j += 2;
            } else {
                break;
            }
        }
        return new Name(List.copyOf(parts), text.toString(), j + 1);
    }

    /** The 1-based file line of the token at {@code i} (the statement's first line when out of range). */
    int line(int i) {
        if (i < 0 || i >= toks.size()) {
            return source.line();
        }
        String sql = source.sql();
        int position = sql.codePointCount(0, Math.min(toks.get(i).offset(), sql.length())) + 1;
        return source.lineColumn(position)[0];
    }

    /** The source text of tokens [from, to), single-spaced, for messages; shortened when long. */
    String snippet(int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(from, 0); i < Math.min(to, toks.size()); i++) {
            Tok t = toks.get(i);
            boolean tight = t.type() == TokenType.RIGHT_PAREN
                    || t.text().equals(",")
                    || t.text().equals(".")
                    || t.text().equals("::")
                    || (i > from
                            && (toks.get(i - 1).type() == TokenType.LEFT_PAREN
                                    || toks.get(i - 1).text().equals(".")
                                    || toks.get(i - 1).text().equals("::")))
                    || (t.type() == TokenType.LEFT_PAREN && i > from && isName(i - 1));
            if (sb.length() > 0 && !tight) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        String s = sb.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}

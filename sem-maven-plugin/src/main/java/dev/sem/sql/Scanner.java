package dev.sem.sql;

import java.util.ArrayDeque;

/**
 * The lexing engine shared by {@link SqlLexer} and {@link ScriptParser}: PostgreSQL's (and psql's) token rules over a
 * stack of input buffers.
 *
 * <p>The bottom buffer is the file. psql substitutes a {@code :name} variable by lexing its value as a new buffer pushed
 * on top; a token never spans two buffers, but a quoted string, comment or dollar quote does (the lexer state carries
 * over), exactly as in psql's flex scanner. The file buffer can also hide a region of COPY data, which is returned as one
 * {@link TokenType#COPY_DATA} token when lexing reaches it.
 *
 * <p>Every method runs in time linear in the input.
 */
final class Scanner {

    /** One input buffer. */
    static final class Frame {
        final String text;
        final boolean file;
        /** For a variable buffer: the variable's name (to refuse recursive expansion). */
        final String varName;
        /** For a variable buffer: the file offset of the outermost {@code :name} reference that produced it. */
        final int anchor;

        int pos;
        int limit;
        /** When not -1, lexing jumps from {@link #limit} to here (skipping COPY data). */
        int resumeAt = -1;

        Frame(String text, String varName, int anchor) {
            this.text = text;
            this.file = varName == null;
            this.varName = varName;
            this.anchor = anchor;
            this.limit = text.length();
        }

        int fileOffset(int index) {
            return file ? index : anchor;
        }
    }

    /** A token as lexed: a range of one frame's text. */
    record Raw(TokenType type, Frame frame, int start, int end) {
        String text() {
            return frame.text.substring(start, end);
        }

        int fileOffset() {
            return frame.fileOffset(start);
        }
    }

    enum Mode {
        INITIAL,
        BLOCK_COMMENT,
        /** {@code '...'}, {@code N'...'} and {@code U&'...'}: only {@code ''} is special. */
        STRING,
        /** {@code E'...'}: backslash escapes and {@code ''}. */
        ESCAPE_STRING,
        /** {@code B'...'} and {@code X'...'}: ends at the next quote. */
        BIT_STRING,
        QUOTED_IDENTIFIER,
        DOLLAR
    }

    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private final boolean metaCommandLines;

    private Mode mode = Mode.INITIAL;
    /** psql's copy of the server's standard_conforming_strings: when off, {@code '...'} takes backslash escapes. */
    private boolean standardStrings = true;

    private int commentDepth;
    private String dollarDelimiter;
    private int openedAt;

    /**
     * @param metaCommandLines {@code true}: a backslash command is one {@link TokenType#META_COMMAND} token up to the end
     *     of the line; {@code false}: the token is the backslash alone and the caller reads the command
     */
    Scanner(String text, boolean metaCommandLines) {
        frames.push(new Frame(text, null, 0));
        this.metaCommandLines = metaCommandLines;
    }

    Frame current() {
        return frames.peek();
    }

    Frame fileFrame() {
        return frames.peekLast();
    }

    Mode mode() {
        return mode;
    }

    /** Sets how {@code '...'} and {@code N'...'} are lexed from the next token on (see {@link #standardStrings}). */
    void standardStrings(boolean on) {
        standardStrings = on;
    }

    /** The file offset where the currently open quote, comment or dollar quote started. */
    int openedAt() {
        return openedAt;
    }

    /** Whether a variable buffer named {@code name} is being lexed (psql refuses recursive expansion). */
    boolean isExpanding(String name) {
        for (Frame f : frames) {
            if (name.equals(f.varName)) {
                return true;
            }
        }
        return false;
    }

    /** Lexes {@code value} next, as psql does for a {@code :name} reference. */
    void pushVariable(String name, String value, int fileOffset) {
        Frame top = frames.peek();
        int anchor = top.file ? fileOffset : top.anchor;
        frames.push(new Frame(value, name, anchor));
    }

    /**
     * Sets aside the COPY data that follows the current line of the file: the lines up to one that is exactly
     * {@code \.}. Lexing skips them (returning one COPY_DATA token) once it reaches the end of the current line.
     *
     * @return {start, end} of the data in the file text (end excludes the {@code \.} line), or {@code null} when no
     *     {@code \.} line follows
     */
    int[] takeCopyData() {
        Frame f = fileFrame();
        String t = f.text;
        int start = copyDataStart();
        int line = start;
        while (line < t.length()) {
            int nl = t.indexOf('\n', line);
            int end = nl < 0 ? t.length() : nl;
            int len = end - line;
            if (t.startsWith("\\.", line) && (len == 2 || (len == 3 && t.charAt(line + 2) == '\r'))) {
                int resume = nl < 0 ? t.length() : nl + 1;
                if (f.resumeAt < 0) {
                    f.limit = start;
                }
                f.resumeAt = resume;
                return new int[] {start, line};
            }
            line = nl < 0 ? t.length() : nl + 1;
        }
        return null;
    }

    /** The file offset where the data of a COPY that ends now must start. */
    int copyDataStart() {
        Frame f = fileFrame();
        if (f.resumeAt >= 0) {
            return f.resumeAt; // a second COPY on the same line: its data follows the first one's
        }
        int nl = f.text.indexOf('\n', f.pos);
        return nl < 0 ? f.text.length() : nl + 1;
    }

    /** The next token, or {@code null} at the end of the input. */
    Raw next() {
        while (true) {
            Frame f = frames.peek();
            if (f.pos >= f.limit) {
                if (f.resumeAt >= 0) {
                    int start = f.limit;
                    f.pos = f.resumeAt;
                    f.limit = f.text.length();
                    f.resumeAt = -1;
                    return new Raw(TokenType.COPY_DATA, f, start, f.pos);
                }
                if (frames.size() > 1) {
                    frames.pop();
                    continue;
                }
                return null;
            }
            return mode == Mode.INITIAL ? initial(f) : quoted(f, f.pos, f.pos);
        }
    }

    private Raw token(TokenType type, Frame f, int start, int end) {
        f.pos = end;
        return new Raw(type, f, start, end);
    }

    private Raw open(Mode m, Frame f, int start, int bodyStart) {
        mode = m;
        openedAt = f.fileOffset(start);
        return quoted(f, start, bodyStart);
    }

    private Raw initial(Frame f) {
        String t = f.text;
        int lim = f.limit;
        int p = f.pos;
        char c = t.charAt(p);
        char n = p + 1 < lim ? t.charAt(p + 1) : 0;
        char n2 = p + 2 < lim ? t.charAt(p + 2) : 0;
        if (isSpace(c)) {
            int q = p + 1;
            while (q < lim && isSpace(t.charAt(q))) {
                q++;
            }
            return token(TokenType.WHITESPACE, f, p, q);
        }
        if (c == '-' && n == '-') {
            int q = p + 2;
            while (q < lim && t.charAt(q) != '\n' && t.charAt(q) != '\r') {
                q++;
            }
            return token(TokenType.LINE_COMMENT, f, p, q);
        }
        if (c == '/' && n == '*') {
            commentDepth = 0;
            return open(Mode.BLOCK_COMMENT, f, p, p + 2);
        }
        if (n == '\'') {
            switch (c) {
                case 'b', 'B', 'x', 'X':
                    return open(Mode.BIT_STRING, f, p, p + 2);
                case 'e', 'E':
                    return open(Mode.ESCAPE_STRING, f, p, p + 2);
                case 'n', 'N':
                    return open(standardStrings ? Mode.STRING : Mode.ESCAPE_STRING, f, p, p + 2);
                default:
                    break;
            }
        }
        if ((c == 'u' || c == 'U') && n == '&') {
            if (n2 == '\'') {
                return open(Mode.STRING, f, p, p + 3);
            }
            if (n2 == '"') {
                return open(Mode.QUOTED_IDENTIFIER, f, p, p + 3);
            }
        }
        if (c == '\'') {
            return open(standardStrings ? Mode.STRING : Mode.ESCAPE_STRING, f, p, p + 1);
        }
        if (c == '"') {
            return open(Mode.QUOTED_IDENTIFIER, f, p, p + 1);
        }
        if (c == '$') {
            if (isDigit(n)) {
                int q = p + 1;
                while (q < lim
                        && (isDigit(t.charAt(q)) || (t.charAt(q) == '_' && q + 1 < lim && isDigit(t.charAt(q + 1))))) {
                    q++;
                }
                return token(TokenType.PARAMETER, f, p, q);
            }
            int q = p + 1;
            if (q < lim && isDollarTagStart(t.charAt(q))) {
                q++;
                while (q < lim && isDollarTagPart(t.charAt(q))) {
                    q++;
                }
            }
            if (q < lim && t.charAt(q) == '$') {
                dollarDelimiter = t.substring(p, q + 1);
                return open(Mode.DOLLAR, f, p, q + 1);
            }
            return token(TokenType.OTHER, f, p, p + 1);
        }
        if (isIdentStart(c)) {
            int q = p + 1;
            while (q < lim && isIdentPart(t.charAt(q))) {
                q++;
            }
            return token(TokenType.IDENTIFIER, f, p, q);
        }
        if (isDigit(c) || (c == '.' && isDigit(n))) {
            return token(TokenType.NUMBER, f, p, number(t, p, lim));
        }
        switch (c) {
            case ';':
                return token(TokenType.SEMICOLON, f, p, p + 1);
            case '(':
                return token(TokenType.LEFT_PAREN, f, p, p + 1);
            case ')':
                return token(TokenType.RIGHT_PAREN, f, p, p + 1);
            case ',', '[', ']':
                return token(TokenType.PUNCTUATION, f, p, p + 1);
            case '.':
                return token(TokenType.PUNCTUATION, f, p, n == '.' ? p + 2 : p + 1);
            case ':':
                return colon(f, p);
            case '\\':
                if (n == ';' || n == ':') {
                    return token(TokenType.PSQL_ESCAPE, f, p, p + 2);
                }
                if (!metaCommandLines) {
                    return token(TokenType.META_COMMAND, f, p, p + 1);
                }
                int q = p + 1;
                while (q < lim && t.charAt(q) != '\n') {
                    q++;
                }
                while (q > p + 1 && isSpace(t.charAt(q - 1))) {
                    q--;
                }
                return token(TokenType.META_COMMAND, f, p, q);
            default:
                break;
        }
        if (isOpChar(c)) {
            return token(TokenType.OPERATOR, f, p, operator(t, p, lim));
        }
        int q = Character.isHighSurrogate(c) && Character.isLowSurrogate(n) ? p + 2 : p + 1;
        return token(TokenType.OTHER, f, p, q);
    }

    private Raw colon(Frame f, int p) {
        String t = f.text;
        int lim = f.limit;
        char n = p + 1 < lim ? t.charAt(p + 1) : 0;
        if (n == ':' || n == '=') {
            return token(TokenType.PUNCTUATION, f, p, p + 2);
        }
        if (isVariableChar(n)) {
            return token(TokenType.VARIABLE, f, p, variableEnd(t, p + 1, lim));
        }
        if (n == '\'' || n == '"') {
            int q = variableEnd(t, p + 2, lim);
            if (q > p + 2 && q < lim && t.charAt(q) == n) {
                return token(TokenType.VARIABLE, f, p, q + 1);
            }
        } else if (n == '{' && p + 2 < lim && t.charAt(p + 2) == '?') {
            int q = variableEnd(t, p + 3, lim);
            if (q > p + 3 && q < lim && t.charAt(q) == '}') {
                return token(TokenType.VARIABLE, f, p, q + 1);
            }
        }
        return token(TokenType.PUNCTUATION, f, p, p + 1);
    }

    private Raw quoted(Frame f, int start, int from) {
        String t = f.text;
        int lim = f.limit;
        int p = from;
        TokenType type;
        switch (mode) {
            case BLOCK_COMMENT -> {
                type = TokenType.BLOCK_COMMENT;
                while (p < lim) {
                    char c = t.charAt(p);
                    if (c == '/' && p + 1 < lim && t.charAt(p + 1) == '*') {
                        commentDepth++;
                        p += 2;
                    } else if (c == '*' && p + 1 < lim && t.charAt(p + 1) == '/') {
                        p += 2;
                        if (commentDepth == 0) {
                            mode = Mode.INITIAL;
                            break;
                        }
                        commentDepth--;
                    } else {
                        p++;
                    }
                }
            }
            case STRING, BIT_STRING -> {
                type = TokenType.STRING;
                while (true) {
                    int q = t.indexOf('\'', p);
                    if (q < 0 || q >= lim) {
                        p = lim;
                        break;
                    }
                    if (mode == Mode.STRING && q + 1 < lim && t.charAt(q + 1) == '\'') {
                        p = q + 2;
                        continue;
                    }
                    p = q + 1;
                    mode = Mode.INITIAL;
                    break;
                }
            }
            case ESCAPE_STRING -> {
                type = TokenType.STRING;
                while (p < lim) {
                    char c = t.charAt(p);
                    if (c == '\\') {
                        p = Math.min(p + 2, lim);
                    } else if (c == '\'') {
                        if (p + 1 < lim && t.charAt(p + 1) == '\'') {
                            p += 2;
                        } else {
                            p++;
                            mode = Mode.INITIAL;
                            break;
                        }
                    } else {
                        p++;
                    }
                }
            }
            case QUOTED_IDENTIFIER -> {
                type = TokenType.QUOTED_IDENTIFIER;
                while (true) {
                    int q = t.indexOf('"', p);
                    if (q < 0 || q >= lim) {
                        p = lim;
                        break;
                    }
                    if (q + 1 < lim && t.charAt(q + 1) == '"') {
                        p = q + 2;
                        continue;
                    }
                    p = q + 1;
                    mode = Mode.INITIAL;
                    break;
                }
            }
            case DOLLAR -> {
                type = TokenType.DOLLAR_STRING;
                int q = t.indexOf(dollarDelimiter, p);
                if (q >= 0 && q + dollarDelimiter.length() <= lim) {
                    p = q + dollarDelimiter.length();
                    mode = Mode.INITIAL;
                    dollarDelimiter = null;
                } else {
                    p = lim;
                }
            }
            default -> throw new IllegalStateException(mode.toString());
        }
        return token(type, f, start, p);
    }

    /** End of a numeric literal starting at {@code p} (PostgreSQL 16 rules; looser forms just end earlier). */
    private static int number(String t, int p, int lim) {
        int q = p;
        if (t.charAt(q) == '0' && q + 2 < lim) {
            char radix = Character.toLowerCase(t.charAt(q + 1));
            int r = radix == 'x' ? 16 : radix == 'o' ? 8 : radix == 'b' ? 2 : 0;
            if (r != 0) {
                int e = q + 2;
                while (e < lim
                        && (digitOf(t.charAt(e), r)
                                || (t.charAt(e) == '_' && e + 1 < lim && digitOf(t.charAt(e + 1), r)))) {
                    e++;
                }
                if (e > q + 2 && t.charAt(q + 2) != '_') {
                    return e;
                }
            }
        }
        q = digits(t, q, lim);
        if (q < lim && t.charAt(q) == '.' && !(q + 1 < lim && t.charAt(q + 1) == '.')) {
            q = digits(t, q + 1, lim);
        }
        if (q < lim && (t.charAt(q) == 'e' || t.charAt(q) == 'E')) {
            int e = q + 1;
            if (e < lim && (t.charAt(e) == '+' || t.charAt(e) == '-')) {
                e++;
            }
            if (e < lim && isDigit(t.charAt(e))) {
                q = digits(t, e, lim);
            }
        }
        return q;
    }

    private static int digits(String t, int p, int lim) {
        int q = p;
        while (q < lim
                && (isDigit(t.charAt(q)) || (t.charAt(q) == '_' && q > p && q + 1 < lim && isDigit(t.charAt(q + 1))))) {
            q++;
        }
        return q;
    }

    private static boolean digitOf(char c, int radix) {
        return Character.digit(c, radix) >= 0 && c < 128;
    }

    /** End of an operator starting at {@code p}, as PostgreSQL's lexer cuts it. */
    private static int operator(String t, int p, int lim) {
        int q = p;
        while (q < lim && isOpChar(t.charAt(q))) {
            q++;
        }
        int n = q - p;
        for (int i = 1; i < n; i++) {
            char a = t.charAt(p + i - 1);
            char b = t.charAt(p + i);
            if ((a == '/' && b == '*') || (a == '-' && b == '-')) {
                n = i - 1;
                break;
            }
        }
        // "/*" or "--" at index i-1 starts a comment: the operator is the i-1 characters before it.
        n = Math.max(n, 1);
        while (n > 1 && (t.charAt(p + n - 1) == '+' || t.charAt(p + n - 1) == '-')) {
            boolean keep = false;
            for (int i = 0; i < n - 1; i++) {
                if ("~!@#^&|`?%".indexOf(t.charAt(p + i)) >= 0) {
                    keep = true;
                    break;
                }
            }
            if (keep) {
                break;
            }
            n--;
        }
        return p + n;
    }

    private static int variableEnd(String t, int p, int lim) {
        int q = p;
        while (q < lim && isVariableChar(t.charAt(q))) {
            q++;
        }
        return q;
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    static boolean isDollarTagStart(char c) {
        return isIdentStart(c);
    }

    static boolean isDollarTagPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isVariableChar(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    static boolean isOpChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }
}

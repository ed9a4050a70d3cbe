package dev.sem.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Splits a script into the statements psql would send, and runs the psql meta-commands the built-in executor supports.
 *
 * <p>Splitting follows psql exactly: a semicolon ends a statement outside quotes, comments, dollar quotes, parentheses
 * and SQL-standard function bodies ({@code BEGIN ATOMIC ... END}, tracked with psql's own heuristic, see {@link
 * StatementState}); a last statement without a semicolon is sent too. Backslash commands are recognised anywhere outside
 * quotes and comments, as in psql, and end at the end of the line (or at {@code \\}).
 *
 * <p>Supported meta-commands: {@code \set}, <code>&#92;unset</code>, {@code \echo}, {@code \i}/{@code \include}, {@code
 * \ir}/{@code \include_relative}, {@code \restrict}/<code>&#92;unrestrict</code> (pg_dump 17.6+; while restricted, like psql, no
 * other meta-command is allowed). {@code \;} and {@code \:} put a semicolon or colon into the statement, as in psql.
 *
 * <p>Variables are substituted as psql does: {@code :name} by the value, which is lexed again (so it may contain whole
 * statements or other references; a variable is not expanded inside its own value), {@code :'name'} by a SQL literal,
 * {@code :"name"} by a quoted identifier, {@code :{?name}} by {@code TRUE} or {@code FALSE}. Undefined references stay
 * as written. Nothing is substituted inside quotes, comments or dollar quotes, nor in {@code ::} casts.
 *
 * <p>COPY data: {@code COPY ... FROM STDIN} (and {@code FROM STDOUT}, which the server treats the same) takes the lines
 * after the line where the statement ends, up to a line {@code \.}; several COPYs on one line or in one {@code \;}
 * combined query take consecutive blocks. {@code standard_conforming_strings} is followed through the script's SET
 * statements (see {@link StandardStrings}). psql's per-query variables such as {@code ROW_COUNT} are refused.
 *
 * <p>A leading byte order mark is ignored. Instances are immutable and thread-safe; every {@link #parse} starts from the
 * constructor's variables.
 */
public final class ScriptParser {

    /** Finds the text of a file named by {@code \i} or {@code \ir}. */
    public interface IncludeResolver {

        /**
         * @param fromFile the display path of the including file
         * @param path the path as written (after psql's quoting rules)
         * @param relativeToFile {@code true} for {@code \ir} (relative to the including file's directory), {@code false}
         *     for {@code \i} (relative to the base directory)
         * @return the included file, or {@code null} when it does not exist
         * @throws Refused when the file must not be read (outside the base directory, not a regular file); the parser
         *     adds the including file, the line and the command
         * @throws dev.sem.SemException when the file exists but cannot be read
         */
        Included resolve(String fromFile, String path, boolean relativeToFile);

        /** An included file that must not be read; the message is the problem and its fix, without file and line. */
        final class Refused extends dev.sem.SemException {
            private static final long serialVersionUID = 1L;

            /** @param problem what is wrong with the path and how to fix it, such as "lies outside /repo; ..." */
            public Refused(String problem) {
                super(problem);
            }
        }

        /**
         * @param file the display path of the included file, used in its statements and messages
         * @param text its content
         */
        record Included(String file, String text) {}
    }

    /** How deep {@code \i} may nest. */
    public static final int MAX_INCLUDE_DEPTH = 16;

    /**
     * The version of psql whose behaviour the built-in executor follows (psqlscan.l of PostgreSQL 17, {@code \\restrict}
     * of 17.6): the values of psql's {@code VERSION_NAME}, {@code VERSION_NUM} and {@code VERSION} in a script. A
     * deploy tool has no psql binary of its own, so these name the psql sem stands in for; {@code VERSION} keeps
     * psql's {@code PostgreSQL x.y ...} form.
     */
    public static final String EMULATED_PSQL_VERSION = "17.6";

    /** psql's variables that psql changes after each query or shell command; sem does not track them. */
    private static final Map<String, String> RESULT_VARIABLES = Map.of(
            "ERROR", "whether the last query failed",
            "SQLSTATE", "the error code of the last query",
            "ROW_COUNT", "the number of rows the last query returned or changed",
            "LAST_ERROR_MESSAGE", "the message of the last error",
            "LAST_ERROR_SQLSTATE", "the error code of the last error",
            "LASTOID", "the OID the last INSERT returned",
            "SHELL_ERROR", "whether the last shell command failed",
            "SHELL_EXIT_CODE", "the exit code of the last shell command");

    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z0-9_\\x{80}-\\x{10FFFF}]+");

    private final Map<String, String> variables;
    private final IncludeResolver includes;

    /**
     * @param variables the psql variables defined before the script runs (the set.NAME options; on apply also DBNAME,
     *     USER, HOST, PORT, SERVER_VERSION_NUM, SERVER_VERSION_NAME, ENCODING and {@link #psqlClientVariables()})
     * @param includes resolves {@code \i} and {@code \ir}; {@code null} refuses them
     */
    public ScriptParser(Map<String, String> variables, IncludeResolver includes) {
        this.variables = Map.copyOf(variables);
        this.includes = includes;
    }

    /**
     * @param file the display path used in statements and messages, e.g. {@code scripts/20260101-120000.sql}
     * @param text the script
     * @throws ScriptSyntaxException when the script cannot be run by the built-in executor
     */
    public ParsedScript parse(String file, String text) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(text, "text");
        Run run = new Run(new LinkedHashMap<>(variables));
        run.parseFile(file, text, 0);
        return new ParsedScript(file, run.units);
    }

    /**
     * Splits a script whose COPY data stays in its file: the statements are those of the whole file, with lines as in
     * the file, and each COPY block's data is a {@link SqlStatement#copyFile()}.
     *
     * @param file the display path used in statements and messages
     * @param elided the file as {@link CopyElision} read it
     * @throws ScriptSyntaxException when the script cannot be run by the built-in executor
     * @throws Elided.Mismatch when this split does not take the data blocks where {@link CopyElision} found them
     */
    public ParsedScript parse(String file, Elided elided) {
        Objects.requireNonNull(file, "file");
        Run run = new Run(new LinkedHashMap<>(variables));
        FileParse top = new FileParse(run, file, elided.skeleton(), 0, elided);
        top.run();
        if (top.nextBlock != elided.blocks().size()) {
            throw new Elided.Mismatch(
                    "the split took " + top.nextBlock + " of " + elided.blocks().size() + " blocks");
        }
        return new ParsedScript(file, run.units);
    }

    /**
     * psql's client-side predefined variables as sem defines them: {@code VERSION_NAME}, {@code VERSION_NUM} and
     * {@code VERSION} of the emulated psql ({@link #EMULATED_PSQL_VERSION}), and {@code ENCODING} {@code UTF8} (the
     * JDBC driver's client encoding). The server-side ones ({@code SERVER_VERSION_NUM}, {@code SERVER_VERSION_NAME})
     * and DBNAME, USER, HOST, PORT come from the connection.
     */
    public static Map<String, String> psqlClientVariables() {
        String[] v = EMULATED_PSQL_VERSION.split("\\.");
        int num = Integer.parseInt(v[0]) * 10000 + Integer.parseInt(v[1]);
        return Map.of(
                "VERSION_NAME",
                EMULATED_PSQL_VERSION,
                "VERSION_NUM",
                String.valueOf(num),
                "VERSION",
                "PostgreSQL " + EMULATED_PSQL_VERSION + " (psql as emulated by sem's built-in executor)",
                "ENCODING",
                "UTF8");
    }

    /** psql's {@code :'name'} (PQescapeLiteral): {@code 'it''s'}, or {@code  E'a\\b'} when there is a backslash. */
    static String quoteLiteral(String value) {
        boolean backslash = value.indexOf('\\') >= 0;
        StringBuilder sb = new StringBuilder(value.length() + 4);
        if (backslash) {
            sb.append(" E");
        }
        sb.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append(c);
            }
            sb.append(c);
        }
        return sb.append('\'').toString();
    }

    /** psql's {@code :"name"} (PQescapeIdentifier). */
    static String quoteIdentifier(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The state of one {@link #parse} call, shared by included files (as psql shares variables). */
    private final class Run {
        final Map<String, String> vars;
        final List<Unit> units = new ArrayList<>();
        String restrictKey;
        /** standard_conforming_strings through the script (see {@link StandardStrings}). */
        final StandardStrings.Tracker standardStrings = new StandardStrings.Tracker();

        Run(Map<String, String> vars) {
            this.vars = vars;
        }

        void parseFile(String file, String text, int depth) {
            new FileParse(this, file, text, depth, null).run();
        }
    }

    /** A COPY's data: in the text, or in the file; both {@code null} for a statement without data. */
    private record Data(String text, CopyFile file) {
        static final Data NONE = new Data(null, null);
    }

    /** Parsing of one file. */
    private final class FileParse {
        final Run run;
        final String file;
        final String text;
        final int depth;
        final int[] lineStarts;
        final Scanner scanner;
        final StatementState state = new StatementState();
        /** The COPY data left in the file, or {@code null} when the text is the whole file. */
        final Elided elided;

        int nextBlock;
        Builder statement;

        FileParse(Run run, String file, String text, int depth, Elided elided) {
            this.elided = elided;
            this.run = run;
            this.file = file;
            this.text = text;
            this.depth = depth;
            this.lineStarts = SourceMap.lineStarts(text);
            this.scanner = new Scanner(text, false);
            if (text.startsWith("\uFEFF")) {
                scanner.fileFrame().pos = 1;
            }
        }

        int lineOf(int fileOffset) {
            int line = SourceMap.lineOf(lineStarts, fileOffset);
            return elided == null ? line : line + elided.linesBefore(fileOffset);
        }

        void run() {
            int lineEnd = -1;
            while (true) {
                // psql sets up its lexer once per input line with the server's current standard_conforming_strings:
                // a SET takes effect on the line after the one where it ends.
                Scanner.Frame ff = scanner.fileFrame();
                if (ff.pos > lineEnd) {
                    scanner.standardStrings(run.standardStrings.on());
                    int nl = ff.text.indexOf('\n', ff.pos);
                    lineEnd = nl < 0 ? Integer.MAX_VALUE : nl;
                }
                Scanner.Raw tok = scanner.next();
                if (tok == null) {
                    break;
                }
                switch (tok.type()) {
                    case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT -> {
                        if (statement != null) {
                            statement.append(tok, false);
                        }
                    }
                    case COPY_DATA -> {
                        // taken when the COPY statement ended
                    }
                    case META_COMMAND -> metaCommand(tok);
                    case PSQL_ESCAPE -> {
                        Builder b = start(tok);
                        if (tok.text().equals("\\;")) {
                            b.partEnds.add(b.realLength);
                            b.appendSynthetic(";", tok.fileOffset());
                            b.partStarts.add(b.sql.length());
                            state.escapedSemicolon();
                        } else {
                            b.appendSynthetic(tok.text().substring(1), tok.fileOffset());
                        }
                    }
                    case SEMICOLON -> {
                        if (state.atTopLevel()) {
                            finish();
                        } else {
                            start(tok).append(tok, true);
                            state.feed(tok.type(), ";");
                        }
                    }
                    case VARIABLE -> variable(tok);
                    default -> {
                        start(tok).append(tok, true);
                        state.feed(tok.type(), needsText(tok.type()) ? tok.text() : "");
                    }
                }
            }
            if (scanner.mode() != Scanner.Mode.INITIAL) {
                throw new ScriptSyntaxException(file, lineOf(scanner.openedAt()), unterminated(scanner.mode()));
            }
            finish();
        }

        private boolean needsText(TokenType type) {
            return switch (type) {
                case STRING, DOLLAR_STRING, BLOCK_COMMENT, QUOTED_IDENTIFIER -> false;
                default -> true;
            };
        }

        private String unterminated(Scanner.Mode mode) {
            return switch (mode) {
                case BLOCK_COMMENT -> "unterminated /* comment; close it with */";
                case DOLLAR -> "unterminated dollar-quoted string; close it with the same $tag$ it was opened with";
                case QUOTED_IDENTIFIER -> "unterminated quoted identifier; close it with \"";
                default -> "unterminated quoted string; close it with '";
            };
        }

        private Builder start(Scanner.Raw tok) {
            if (statement == null) {
                statement = new Builder(lineOf(tok.fileOffset()));
            }
            return statement;
        }

        private void finish() {
            Builder b = statement;
            statement = null;
            if (b == null || b.realLength == 0) {
                state.reset();
                return;
            }
            for (int i = 0; i < state.parts().size(); i++) {
                if (run.standardStrings.track(b.sql.substring(b.partStart(i), b.partEnd(i)))
                        == StandardStrings.Scope.UNKNOWN) {
                    throw error(
                            b.line,
                            "cannot tell what this statement does to standard_conforming_strings, which decides how"
                                    + " psql splits the rest of the script (with it off, backslashes escape in '...');"
                                    + " write it as SET [SESSION | LOCAL] standard_conforming_strings = on | off (or"
                                    + " RESET standard_conforming_strings), without comments inside");
                }
            }
            if (state.copyFromStdin() && state.parts().size() > 1) {
                finishCombinedCopy(b);
                return;
            }
            Classifier.Result kind = Classifier.classify(state.parts());
            Data data = state.copyFromStdin() ? copyData(b.line) : Data.NONE;
            state.reset();
            run.units.add(new SqlStatement(
                    b.sql.substring(0, b.realLength),
                    file,
                    b.line,
                    kind.kind(),
                    kind.description(),
                    data.text(),
                    b.map(),
                    data.file()));
        }

        /**
         * A {@code \;}-combined query with COPY ... FROM STDIN in it. psql sends the whole query as one simple-query
         * message and answers each COPY's CopyInResponse with the next data block. The JDBC driver's CopyManager can
         * only run a query that is one COPY, so sem sends the parts in order: each COPY alone with its block, the
         * other parts between them combined as psql combines them. In a script's transaction (the default) that is
         * psql's result; with {@code transaction = none} a failing later part no longer rolls back the earlier ones of
         * the same combined query (psql runs the message as one implicit transaction).
         */
        private void finishCombinedCopy(Builder b) {
            List<List<StatementState.Word>> parts = List.copyOf(state.parts());
            List<Integer> copies = List.copyOf(state.copyParts());
            state.reset();
            int n = parts.size();
            int from = 0;
            for (int i = 0; i < n; i++) {
                boolean copy = copies.contains(i);
                boolean lastOfChunk = copy || i == n - 1 || copies.contains(i + 1);
                if (!lastOfChunk) {
                    continue;
                }
                int start = b.partStart(from);
                int end = b.partEnd(i);
                while (start < end && Character.isWhitespace(b.sql.charAt(start))) {
                    start++;
                }
                Classifier.Result kind = Classifier.classify(parts.subList(from, i + 1));
                Data data = copy ? copyData(lineOf(b.fileOffsetAt(start))) : Data.NONE;
                chunk(b, start, end, kind, data);
                from = i + 1;
            }
        }

        private void chunk(Builder b, int start, int end, Classifier.Result kind, Data data) {
            String sql = b.sql.substring(0, end);
            while (start < end && Character.isWhitespace(sql.charAt(start))) {
                start++;
            }
            if (start == end) {
                return; // an empty part: psql sends "select 1; ;", the server ignores the empty statement
            }
            SourceMap map = b.map(start, end);
            run.units.add(new SqlStatement(
                    sql.substring(start),
                    file,
                    lineOf(b.fileOffsetAt(start)),
                    kind.kind(),
                    kind.description(),
                    data.text(),
                    map,
                    data.file()));
        }

        /** The data block of the next COPY ... FROM STDIN, of the statement that starts at {@code line}. */
        private Data copyData(int line) {
            int start = scanner.copyDataStart();
            int[] range = scanner.takeCopyData();
            if (elided != null) {
                List<Elided.Block> blocks = elided.blocks();
                if (range == null
                        || nextBlock >= blocks.size()
                        || blocks.get(nextBlock).skeletonOffset() != start
                        || range[1] != start) {
                    throw new Elided.Mismatch("line " + line + ": not the COPY data block the line reader found");
                }
                return new Data(null, elided.data(blocks.get(nextBlock++)));
            }
            if (range == null) {
                int dataLine = lineOf(start);
                if (start >= text.length() && !text.endsWith("\n")) {
                    dataLine++;
                }
                throw new ScriptSyntaxException(
                        file,
                        dataLine,
                        "the COPY ... FROM STDIN of line " + line + " has no data block ending with a line containing"
                                + " only \\. (none follows in the file): psql would read every line from here to the"
                                + " end of the file as COPY data, not as SQL; put the data lines and a \\. line right"
                                + " after the line of the COPY (for no rows, just the \\. line)");
            }
            return new Data(text.substring(range[0], range[1]), null);
        }

        private void variable(Scanner.Raw tok) {
            String ref = tok.text();
            int offset = tok.fileOffset();
            char kind = ref.charAt(1);
            String refName = kind == '{'
                    ? ref.substring(3, ref.length() - 1)
                    : kind == '\'' || kind == '"' ? ref.substring(2, ref.length() - 1) : ref.substring(1);
            String what = RESULT_VARIABLES.get(refName);
            if (what != null) {
                throw error(
                        lineOf(offset),
                        "psql variable " + refName + " (" + what + ") is set by psql after each query; sem does not"
                                + " track it, so " + ref + " cannot be used with the built-in executor; remove the"
                                + " reference");
            }
            if (kind == '{') {
                String name = refName;
                String value = run.vars.containsKey(name) ? "TRUE" : "FALSE";
                start(tok).appendSynthetic(value, offset);
                state.feed(TokenType.OTHER, value.toLowerCase(Locale.ROOT));
                return;
            }
            boolean quoted = kind == '\'' || kind == '"';
            String name = quoted ? ref.substring(2, ref.length() - 1) : ref.substring(1);
            String value = run.vars.get(name);
            if (value == null || (!quoted && scanner.isExpanding(name))) {
                start(tok).append(tok, true);
                state.feed(TokenType.VARIABLE, ref);
            } else if (kind == '\'') {
                start(tok).appendSynthetic(quoteLiteral(value), offset);
                state.feed(TokenType.STRING, "");
            } else if (kind == '"') {
                start(tok).appendSynthetic(quoteIdentifier(value), offset);
                state.feed(TokenType.QUOTED_IDENTIFIER, "");
            } else {
                scanner.pushVariable(name, value, offset);
            }
        }

        private void metaCommand(Scanner.Raw tok) {
            Scanner.Frame f = tok.frame();
            int end = f.text.indexOf('\n', f.pos);
            if (end < 0 || end > f.limit) {
                end = f.limit;
            }
            int line = lineOf(tok.fileOffset());
            MetaCommand cmd = new MetaCommand(f.text, f.pos, end, run.vars, file, line);
            String name = cmd.name();
            if (run.restrictKey != null && !name.equals("unrestrict")) {
                throw error(
                        line,
                        "psql meta-command \\" + name + " is not allowed between \\restrict and \\unrestrict (psql"
                                + " refuses it too); remove it or move it after \\unrestrict");
            }
            switch (name) {
                case "set" -> set(cmd, line);
                case "unset" -> unset(cmd, line);
                case "echo" -> echo(cmd, line);
                case "i", "include", "ir", "include_relative" -> {
                    MetaCommand.Argument path = cmd.nextArgument(true);
                    // Lexing resumes after the command before the included file runs; the file's units come first.
                    f.pos = cmd.finish();
                    if (path == null) {
                        throw error(line, "\\" + name + " needs a file name; write \\" + name + " path/to/file.sql");
                    }
                    include(name, path.value(), name.startsWith("ir") || name.equals("include_relative"), line);
                    return;
                }
                case "restrict" -> restrict(cmd, line);
                case "unrestrict" -> unrestrict(cmd, line);
                case "c", "connect" ->
                    throw error(
                            line,
                            "psql meta-command \\" + name + " is not supported: a migration script runs on the one"
                                    + " database sem connects to and cannot switch connections; remove it (and run the"
                                    + " script against the right database)");
                default ->
                    throw error(
                            line,
                            "psql meta-command \\" + name + " is not supported by the built-in executor; use the psql"
                                    + " executor: add the line '-- sem.executor = psql' to the script (psql must then"
                                    + " be installed where sem applies it), or do the same in plain SQL");
            }
            f.pos = cmd.finish();
        }

        private void unset(MetaCommand cmd, int line) {
            MetaCommand.Argument n = cmd.nextArgument(false);
            if (n == null) {
                throw error(line, "\\unset needs a variable name; write \\unset NAME");
            }
            run.vars.remove(n.value());
        }

        private void restrict(MetaCommand cmd, int line) {
            MetaCommand.Argument key = cmd.nextArgument(false);
            if (key == null) {
                throw error(line, "\\restrict needs a key; write \\restrict KEY as pg_dump does");
            }
            run.restrictKey = key.value();
        }

        private void unrestrict(MetaCommand cmd, int line) {
            MetaCommand.Argument key = cmd.nextArgument(false);
            if (run.restrictKey == null) {
                throw error(line, "\\unrestrict without a preceding \\restrict; remove it");
            }
            if (key == null || !key.value().equals(run.restrictKey)) {
                throw error(
                        line, "\\unrestrict key does not match the \\restrict key; use the key given to \\restrict");
            }
            run.restrictKey = null;
        }

        private void set(MetaCommand cmd, int line) {
            MetaCommand.Argument name = cmd.nextArgument(false);
            if (name == null) {
                return; // psql lists the variables; nothing to run
            }
            if (!VARIABLE_NAME.matcher(name.value()).matches()) {
                throw error(
                        line,
                        "invalid psql variable name \"" + name.value() + "\"; use letters, digits and underscores");
            }
            StringBuilder value = new StringBuilder();
            for (MetaCommand.Argument a; (a = cmd.nextArgument(false)) != null; ) {
                value.append(a.value());
            }
            if (name.value().equals("AUTOCOMMIT") && isOff(value.toString())) {
                throw error(
                        line,
                        "\\set AUTOCOMMIT " + value + " is not supported by the built-in executor; remove it (with"
                                + " -- sem.attribute.transaction = none each statement commits on its own)");
            }
            run.vars.put(name.value(), value.toString());
        }

        private boolean isOff(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            return !v.isEmpty()
                    && (v.equals("0")
                            || "off".startsWith(v) && v.length() >= 2
                            || "false".startsWith(v)
                            || "no".startsWith(v));
        }

        private void echo(MetaCommand cmd, int line) {
            List<String> parts = new ArrayList<>();
            boolean first = true;
            for (MetaCommand.Argument a; (a = cmd.nextArgument(false)) != null; ) {
                if (first && !a.quoted() && a.value().equals("-n")) {
                    first = false;
                    continue;
                }
                first = false;
                parts.add(a.value());
            }
            run.units.add(new Echo(String.join(" ", parts), file, line));
        }

        private void include(String command, String path, boolean relative, int line) {
            if (includes == null) {
                throw error(line, "\\i and \\ir are not available here; inline the included file");
            }
            if (depth + 1 > MAX_INCLUDE_DEPTH) {
                throw error(
                        line,
                        "\\i nesting is deeper than " + MAX_INCLUDE_DEPTH
                                + " levels; check for a file that includes itself");
            }
            IncludeResolver.Included inc;
            try {
                inc = includes.resolve(file, path, relative);
            } catch (IncludeResolver.Refused e) {
                throw error(line, "\\" + command + " " + path + ": " + e.getMessage());
            }
            if (inc == null) {
                throw error(
                        line,
                        "included file " + path + " does not exist; fix the path (\\i is relative to the base"
                                + " directory, \\ir to the including file)");
            }
            run.parseFile(inc.file(), inc.text(), depth + 1);
        }

        private ScriptSyntaxException error(int line, String problem) {
            return new ScriptSyntaxException(file, line, problem);
        }

        /** The text of the statement being collected, with its source map. */
        private final class Builder {
            final int line;
            final StringBuilder sql = new StringBuilder();
            int[] outStarts = new int[4];
            int[] offsets = new int[4];
            boolean[] verbatim = new boolean[4];
            int segments;
            int realLength;
            int realSegments;
            /** Where each part after a {@code \\;} starts in {@link #sql}, and where each part before one ends. */
            final List<Integer> partStarts = new ArrayList<>();

            final List<Integer> partEnds = new ArrayList<>();

            Builder(int line) {
                this.line = line;
            }

            void append(Scanner.Raw tok, boolean real) {
                Scanner.Frame f = tok.frame();
                segment(f.file, tok.fileOffset());
                sql.append(f.text, tok.start(), tok.end());
                if (real) {
                    mark();
                }
            }

            void appendSynthetic(String s, int fileOffset) {
                segment(false, fileOffset);
                sql.append(s);
                mark();
            }

            private void mark() {
                realLength = sql.length();
                realSegments = segments;
            }

            private void segment(boolean verb, int fileOffset) {
                if (segments > 0) {
                    int last = segments - 1;
                    boolean continues = verb
                            ? offsets[last] + (sql.length() - outStarts[last]) == fileOffset
                            : offsets[last] == fileOffset;
                    if (verbatim[last] == verb && continues) {
                        return;
                    }
                }
                if (segments == outStarts.length) {
                    outStarts = Arrays.copyOf(outStarts, segments * 2);
                    offsets = Arrays.copyOf(offsets, segments * 2);
                    verbatim = Arrays.copyOf(verbatim, segments * 2);
                }
                outStarts[segments] = sql.length();
                offsets[segments] = fileOffset;
                verbatim[segments] = verb;
                segments++;
            }

            int partStart(int part) {
                return part == 0 ? 0 : partStarts.get(part - 1);
            }

            int partEnd(int part) {
                return part < partEnds.size() ? partEnds.get(part) : realLength;
            }

            /** The file offset that index {@code at} of {@link #sql} maps to. */
            int fileOffsetAt(int at) {
                int i = segments - 1;
                while (i > 0 && outStarts[i] > at) {
                    i--;
                }
                return verbatim[i] ? offsets[i] + (at - outStarts[i]) : offsets[i];
            }

            /** The map of {@code sql.substring(from, to)}. */
            SourceMap map(int from, int to) {
                int n = realSegments;
                int[] os = new int[n];
                int[] of = new int[n];
                boolean[] vb = new boolean[n];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    int segEnd = i + 1 < n ? outStarts[i + 1] : realLength;
                    if (segEnd <= from || outStarts[i] >= to) {
                        continue;
                    }
                    int s = Math.max(outStarts[i], from);
                    os[k] = s - from;
                    of[k] = verbatim[i] ? offsets[i] + (s - outStarts[i]) : offsets[i];
                    vb[k] = verbatim[i];
                    k++;
                }
                return new SourceMap(
                        text, 0, lineStarts, Arrays.copyOf(os, k), Arrays.copyOf(of, k), Arrays.copyOf(vb, k), elided);
            }

            SourceMap map() {
                int n = realSegments;
                return new SourceMap(
                        text,
                        0,
                        lineStarts,
                        Arrays.copyOf(outStarts, n),
                        Arrays.copyOf(offsets, n),
                        Arrays.copyOf(verbatim, n),
                        elided);
            }
        }
    }
}

package dev.sem.sql;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a script line by line and sets aside the data of its {@code COPY ... FROM STDIN} blocks, so that a script of
 * any size can be split without holding its data: what remains (the <em>skeleton</em>) is the file without the data
 * lines (each block's {@code \.} line is kept), and each block is known by its byte range in the file.
 *
 * <p>The blocks are found as {@link ScriptParser} finds them, except for psql variables: PostgreSQL's token rules, a
 * semicolon at the top level ending a statement, {@code standard_conforming_strings} followed through the script's SET
 * statements, the data of a {@code COPY ... FROM STDIN} starting on the next line. {@link ScriptParser#parse(String,
 * String, Elided)} then checks that its own split (which also follows psql variables and {@code
 * standard_conforming_strings}) takes exactly these blocks, and refuses the skeleton otherwise ({@link
 * Elided.Mismatch}), so the caller can read the script whole instead.
 */
public final class CopyElision {

    /** The decoded lines of a file, in order. */
    public interface LineSource {

        /**
         * The next line with its line feed (the last line may have none), or {@code null} at the end of the file; valid
         * until the next call.
         */
        CharSequence next();

        /** The byte offset in the file of the line {@link #next()} returns next (the file's size at the end). */
        long position();

        /**
         * Skips the data lines of a COPY block, checking them as {@link #next()} would: every line up to the next one
         * that is {@code \.} alone (with its {@code \n} or {@code \r\n}, or at the end of the file), which {@link
         * #next()} returns next.
         *
         * @return the number of lines skipped, or -1 when the file ends without such a line
         */
        long skipCopyData();
    }

    private CopyElision() {}

    /**
     * Reads {@code lines} to the end.
     *
     * @param display the display path, for messages
     * @param file the file the lines come from, which keeps the data
     * @param charset its encoding
     * @param stamp the file as it was loaded
     * @throws ScriptSyntaxException when a COPY's data block does not end with a {@code \.} line before the end of the
     *     file (the message names the COPY's line, as {@link ScriptParser} does)
     */
    public static Elided read(String display, LineSource lines, Path file, Charset charset, FileStamp stamp) {
        StringBuilder skeleton = new StringBuilder();
        List<Elided.Block> blocks = new ArrayList<>();
        Scanner scanner = new Scanner("", true);
        StatementState state = new StatementState();
        int fileLine = 0;
        int statementLine = 0;
        StringBuilder sql = new StringBuilder();
        StandardStrings.Tracker standardStrings = new StandardStrings.Tracker();
        for (CharSequence read; (read = lines.next()) != null; ) {
            String line = read.toString();
            fileLine++;
            skeleton.append(line);
            List<Integer> copyLines = new ArrayList<>();
            scanner.standardStrings(standardStrings.on());
            scanner.pushVariable(" line", line, 0);
            for (Scanner.Raw tok; (tok = scanner.next()) != null; ) {
                TokenType type = tok.type();
                switch (type) {
                    case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, COPY_DATA -> {
                        if (!sql.isEmpty()) {
                            sql.append(tok.text());
                        }
                    }
                    case META_COMMAND -> {}
                    case SEMICOLON -> {
                        if (state.atTopLevel()) {
                            for (int i = 0; i < state.copyParts().size(); i++) {
                                copyLines.add(sql.isEmpty() ? fileLine : statementLine);
                            }
                            standardStrings.track(sql.toString());
                            state.reset();
                            sql.setLength(0);
                        } else {
                            state.feed(type, ";");
                            sql.append(';');
                        }
                    }
                    default -> {
                        if (sql.isEmpty()) {
                            statementLine = fileLine;
                        }
                        sql.append(tok.text());
                        if (type == TokenType.PSQL_ESCAPE) {
                            if (tok.text().equals("\\;")) {
                                state.escapedSemicolon();
                            }
                        } else {
                            state.feed(type, tok.text());
                        }
                    }
                }
            }
            for (int copyLine : copyLines) {
                long start = lines.position();
                long skipped = lines.skipCopyData();
                long at = lines.position();
                CharSequence end = skipped < 0 ? null : lines.next();
                if (end == null || !endsBlock(end) || skipped > Integer.MAX_VALUE - fileLine) {
                    throw new ScriptSyntaxException(
                            display,
                            fileLine + 1,
                            "the COPY ... FROM STDIN of line " + copyLine + " has no data block ending with a"
                                    + " line containing only \\. (none follows in the file): psql would read every"
                                    + " line from here to the end of the file as COPY data, not as SQL; put the"
                                    + " data lines and a \\. line right after the line of the COPY (for no rows,"
                                    + " just the \\. line)");
                }
                int dataLines = (int) skipped;
                blocks.add(new Elided.Block(skeleton.length(), start, at, dataLines));
                skeleton.append(end);
                fileLine += dataLines + 1;
            }
        }
        return new Elided(skeleton.toString(), blocks, file, charset, stamp);
    }

    /** Whether a line is {@code \.} alone (with its {@code \n} or {@code \r\n}, or at the end of the file). */
    private static boolean endsBlock(CharSequence line) {
        int len = line.length();
        if (len > 0 && line.charAt(len - 1) == '\n') {
            len--;
        }
        if (len > 0 && line.charAt(len - 1) == '\r') {
            len--;
        }
        return len == 2 && line.charAt(0) == '\\' && line.charAt(1) == '.';
    }
}

package dev.sem.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into tokens exactly as PostgreSQL's lexer and psql's see them (standard_conforming_strings on).
 *
 * <p>Beyond SQL, the psql parts of a script are tokens too: variable references ({@link TokenType#VARIABLE}, never
 * inside quotes, comments or dollar quotes, never the {@code ::} of a cast), meta-commands ({@link
 * TokenType#META_COMMAND}, from the backslash to the end of the line), {@code \;} and {@code \:} ({@link
 * TokenType#PSQL_ESCAPE}), and the data after {@code COPY ... FROM STDIN;} up to and including its {@code \.} line
 * ({@link TokenType#COPY_DATA}). Nothing is substituted.
 *
 * <p>The tokens cover the text without gaps or overlaps. An unterminated quote, comment or dollar quote runs to the end
 * of the text. A byte order mark is not skipped (it lexes as part of an identifier); strip it first.
 */
public final class SqlLexer {

    private SqlLexer() {}

    /** The tokens of {@code sql}, in order; linear time. */
    public static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        Scanner scanner = new Scanner(sql, true);
        StatementState state = new StatementState();
        for (Scanner.Raw tok; (tok = scanner.next()) != null; ) {
            TokenType type = tok.type();
            String text = tok.text();
            tokens.add(new Token(type, text, tok.start()));
            switch (type) {
                case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, META_COMMAND, COPY_DATA -> {}
                case PSQL_ESCAPE -> {
                    if (text.equals("\\;")) {
                        state.escapedSemicolon();
                    }
                }
                case SEMICOLON -> {
                    if (state.atTopLevel()) {
                        if (state.copyFromStdin()) {
                            scanner.takeCopyData();
                        }
                        state.reset();
                    }
                }
                default -> state.feed(type, text);
            }
        }
        return tokens;
    }
}

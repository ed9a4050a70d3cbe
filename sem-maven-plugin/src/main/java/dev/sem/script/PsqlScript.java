package dev.sem.script;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.SemException;
import dev.sem.sql.SqlLexer;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * What sem can know about a script that psql runs ({@code -- sem.executor = psql}) without splitting it: its
 * meta-commands and where its statements begin, from the tokens psql's lexer would see.
 */
public final class PsqlScript {

    private static final Pattern META_NAME = Pattern.compile("^\\\\([A-Za-z_]+)");

    /** Statements that end the transaction sem opened around a {@code transaction = single} script. */
    private static final Set<String> ENDS_TRANSACTION = Set.of("commit", "end", "rollback", "abort");

    private PsqlScript() {}

    /**
     * Refuses, before anything runs, what cannot work when psql runs the script under sem: {@code \c} and
     * {@code \connect} would run the rest of the script, and sem's record of it, on another database or as another
     * user than the one sem locked and records on.
     *
     * @throws SemException naming the file and line
     */
    public static void check(String file, String text) {
        for (Token t : SqlLexer.tokenize(text)) {
            if (t.type() != TokenType.META_COMMAND) {
                continue;
            }
            String name = metaCommandName(t.text());
            if (name.equals("c") || name.equals("connect")) {
                throw new SemException("File[" + file + "] line " + lineOf(text, t.offset()) + ": psql meta-command \\"
                        + name + " is not supported, even with psql: the script and its record must run on the one"
                        + " database sem locks and records on; remove it and apply the script to the other database"
                        + " with a separate run (its own url)");
            }
        }
    }

    /**
     * Whether a statement of the script begins with {@code COMMIT}, {@code END}, {@code ROLLBACK} or {@code ABORT}
     * (outside quotes and comments): then part of a {@code transaction = single} script may have committed before a
     * failure, and the script must not be retried as a whole.
     */
    public static boolean endsTransactionItself(String text) {
        boolean atStart = true;
        List<Token> tokens = SqlLexer.tokenize(text);
        for (Token t : tokens) {
            switch (t.type()) {
                case WHITESPACE, LINE_COMMENT, BLOCK_COMMENT, COPY_DATA -> {}
                // \g, \gset and the like send the statement before them; \; starts another (erring on the safe
                // side: a false "ends its transaction" only costs the retry).
                case SEMICOLON, META_COMMAND, PSQL_ESCAPE -> atStart = true;
                default -> {
                    if (atStart && ENDS_TRANSACTION.contains(t.text().toLowerCase(Locale.ROOT))) {
                        return true;
                    }
                    atStart = false;
                }
            }
        }
        return false;
    }

    /** The name of a meta-command token ({@code \gset x} gives {@code gset}); empty for {@code \\} alone. */
    static String metaCommandName(String token) {
        Matcher m = META_NAME.matcher(token);
        return m.find() ? m.group(1) : "";
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}

package dev.sem.pkg;

import dev.sem.sql.SqlLexer;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * The rule of pgpm spec §6.2 (defect 49): pgpm forced {@code standard_conforming_strings = off}, so a backslash in an
 * ordinary literal {@code '...'} was an escape; we keep the server default. A package whose ordinary literals contain a
 * backslash must therefore state which meaning it wants in {@code config.json} (checked when a file is read, see
 * {@link PackageFile#read}).
 *
 * <p>Ordinary literals are the {@link TokenType#STRING} tokens of {@link SqlLexer} that are neither escape strings
 * ({@code E'...'}, whose backslashes mean the same under both settings) nor bit strings ({@code B'...'},
 * {@code X'...'}); {@code N'...'} and {@code U&'...'} count as ordinary. Dollar-quoted text ({@link
 * TokenType#DOLLAR_STRING}), identifiers and comments never count. Function bodies in dollar quotes are not looked
 * into.
 */
final class BackslashLiterals {

    private BackslashLiterals() {}

    /**
     * @param path the file, relative to the package root
     * @param text its text
     * @param token a token of the text
     * @throws PackageException naming the file and line when the token is an ordinary literal with a backslash
     */
    static void check(String path, String text, Token token) {
        if (isOrdinaryString(token) && token.text().indexOf('\\') >= 0) {
            throw new PackageException(path + ":" + PackageFile.line(text, token.offset())
                    + ": the string literal " + excerpt(token.text()) + " contains a backslash, whose meaning"
                    + " depends on standard_conforming_strings; add \"standard_conforming_strings\": \"on\" to"
                    + " config.json (backslash is an ordinary character), or \"off\" for a legacy pgpm"
                    + " package (backslash escapes, as pgpm forced), or write E'...'");
        }
    }

    /**
     * For a package that declares {@code standard_conforming_strings = off}: refuses an ordinary literal whose closing
     * quote follows an odd number of backslashes ({@code 'it\'s'}). Under {@code off} that quote is escaped and the
     * literal goes on, but sem's statement splitter reads literals as PostgreSQL does by default, so the statement
     * boundaries would differ from the server's; every other backslash reads the same under both settings.
     *
     * @throws PackageException naming the file and line, and how to write the quote instead
     */
    static void checkEscapedQuote(String path, String text, Token token) {
        String literal = token.text();
        if (!isOrdinaryString(token) || !literal.endsWith("'")) {
            return;
        }
        int backslashes = 0;
        for (int i = literal.length() - 2; i >= 0 && literal.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        if (backslashes % 2 == 1) {
            throw new PackageException(path + ":" + PackageFile.line(text, token.offset())
                    + ": the string literal " + excerpt(literal) + " escapes a quote with a backslash, which sem's"
                    + " statement splitter does not follow; write the quote twice ('it''s') or use E'...'");
        }
    }

    private static boolean isOrdinaryString(Token token) {
        if (token.type() != TokenType.STRING) {
            return false;
        }
        char first = Character.toUpperCase(token.text().charAt(0));
        return first != 'E' && first != 'B' && first != 'X';
    }

    private static String excerpt(String literal) {
        String oneLine = literal.replaceAll("\\s+", " ");
        return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
    }
}

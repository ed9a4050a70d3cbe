package dev.sem.pkg;

import java.util.List;
import java.util.Objects;

import dev.sem.script.Script;
import dev.sem.script.ScriptReader;
import dev.sem.script.ScriptText;
import dev.sem.sql.ScriptSyntaxException;
import dev.sem.sql.SqlLexer;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.Token;
import dev.sem.sql.TokenType;

/**
 * One SQL file of a package: a {@link Script} read as plain SQL, in a folder category.
 *
 * @param category the folder category it belongs to
 * @param script the read file, named by its identity: the path relative to the package root with {@code /}
 *     separators, such as {@code functions/orders/create_order.sql}
 */
public record PackageFile(Category category, Script script) {

    public PackageFile {
        Objects.requireNonNull(category, "category");
        if (!script.isRead()) {
            throw new IllegalArgumentException(script + " was loaded but not read");
        }
    }

    /**
     * Reads a package file (pgpm spec §4, §6.1, §6.2; defects 48, 49): strict UTF-8 with a leading BOM removed, plain
     * SQL (no psql meta-commands), split into statements once.
     *
     * @param path the identity, relative to the package root
     * @param bytes the file as stored (its SHA-256 is of these bytes)
     * @param standardConformingStrings the descriptor's {@code standard_conforming_strings}; when null, an ordinary
     *     string literal containing a backslash is refused (its meaning would depend on the setting)
     * @throws PackageException naming the file and the byte offset or line of the first problem
     */
    static PackageFile read(Category category, String path, byte[] bytes, String standardConformingStrings) {
        try {
            return new PackageFile(
                    category,
                    ScriptReader.readPlainSql(
                            Script.of(path, bytes),
                            invalid -> invalidUtf8(path, invalid),
                            text -> check(path, text, standardConformingStrings)));
        } catch (ScriptSyntaxException e) {
            throw new PackageException(e.getMessage(), e);
        }
    }

    /** The error for a file that is not UTF-8, where pgpm silently dropped the byte. */
    static PackageException invalidUtf8(String file, ScriptText.InvalidByte invalid) {
        return new PackageException(String.format(
                "%s: invalid UTF-8 byte 0x%02X at byte offset %d (line %d); save the file as UTF-8",
                file, invalid.value(), invalid.offset(), invalid.line()));
    }

    /** Refuses psql meta-commands (pgpm sends plain SQL) and, unless declared, backslashes in ordinary literals. */
    private static void check(String path, String text, String standardConformingStrings) {
        String nul = ScriptText.nulProblem(text);
        if (nul != null) {
            throw new PackageException(path + " " + nul);
        }
        for (Token t : SqlLexer.tokenize(text)) {
            if (t.type() == TokenType.META_COMMAND || t.type() == TokenType.PSQL_ESCAPE) {
                throw new PackageException("File[" + path + "] line " + line(text, t.offset())
                        + ": psql meta-command " + t.text().strip() + " is not supported in package files (pgpm sends"
                        + " plain SQL); remove it");
            }
            if (standardConformingStrings == null) {
                BackslashLiterals.check(path, text, t);
            } else if (standardConformingStrings.equals("off")) {
                BackslashLiterals.checkEscapedQuote(path, text, t);
            }
        }
    }

    /** The 1-based line of an offset in a file's text. */
    static int line(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The identity: the path relative to the package root with {@code /} separators (the script's name). */
    public String path() {
        return script.name();
    }

    /** The decoded text (strict UTF-8, BOM removed). */
    public String text() {
        return script.text();
    }

    /** The lower-case hex SHA-256 of the file's bytes as stored. */
    public String sha256() {
        return script.sha256();
    }

    /** The statements, split once when the file was read; each names the file and its line. */
    public List<SqlStatement> statements() {
        return script.statements();
    }
}

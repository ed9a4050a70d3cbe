package dev.sem.sql;

import java.util.Objects;

/**
 * One SQL statement to send to the server.
 *
 * @param sql the text to send: from the statement's first token to its last, without the terminating semicolon and
 *     without leading or trailing comments and whitespace (comments inside are kept, as psql 15+ keeps them), with psql
 *     variables substituted and meta-command lines removed
 * @param file the display path of the file holding the statement (an included file for statements from {@code \i})
 * @param line the 1-based line of the statement's first token in {@code file} (comments and blank lines before it are
 *     not part of the statement)
 * @param kind how the statement relates to transactions
 * @param description a short name such as {@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}, {@code CREATE TABLE}
 * @param copyData for {@code COPY ... FROM STDIN}: the data lines exactly as in the file (each ending with its
 *     {@code \n}, or {@code \r\n} in a CRLF file), without the terminating {@code \.} line; otherwise {@code null}
 * @param sourceMap maps positions in {@code sql} back to the file, see {@link #lineColumn(int)}
 * @param copyFile for {@code COPY ... FROM STDIN} whose data stays in a large script's file (then {@code copyData} is
 *     {@code null}): where the data is; otherwise {@code null}
 */
public record SqlStatement(
        String sql,
        String file,
        int line,
        StatementKind kind,
        String description,
        String copyData,
        SourceMap sourceMap,
        CopyFile copyFile)
        implements Unit {

    public SqlStatement {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceMap, "sourceMap");
    }

    /** A statement whose data, if any, is {@code copyData}. */
    public SqlStatement(
            String sql,
            String file,
            int line,
            StatementKind kind,
            String description,
            String copyData,
            SourceMap sourceMap) {
        this(sql, file, line, kind, description, copyData, sourceMap, null);
    }

    /** A statement whose {@code sql} is a verbatim copy of {@code file} starting at column 1 of {@code line}. */
    public SqlStatement(String sql, String file, int line, StatementKind kind, String description, String copyData) {
        this(sql, file, line, kind, description, copyData, SourceMap.verbatim(sql, line));
    }

    /** Whether this is a {@code COPY ... FROM STDIN} with its data in {@link #copyData()} or {@link #copyFile()}. */
    public boolean isCopyFromStdin() {
        return copyData != null || copyFile != null;
    }

    /**
     * Maps a PostgreSQL error position back to the file.
     *
     * @param serverPosition the 1-based character position the server reported for {@code sql} (clamped to the text)
     * @return {line, column} in {@link #file()}, both 1-based; the column counts characters (code points)
     */
    public int[] lineColumn(int serverPosition) {
        return sourceMap.lineColumn(sql, serverPosition);
    }
}

package dev.sem.sql;

/** The kinds of token {@link SqlLexer} produces. */
public enum TokenType {
    /** A run of spaces, tabs, newlines, carriage returns, form feeds or vertical tabs. */
    WHITESPACE,
    /** {@code -- ...} up to, not including, the next newline or carriage return. */
    LINE_COMMENT,
    /** {@code /* ... *}{@code /}, nested comments included. */
    BLOCK_COMMENT,
    /** {@code '...'}, {@code E'...'}, {@code N'...'}, {@code U&'...'}, {@code B'...'}, {@code X'...'}. */
    STRING,
    /** {@code $$...$$} or {@code $tag$...$tag$}. */
    DOLLAR_STRING,
    /** {@code "..."} or {@code U&"..."}. */
    QUOTED_IDENTIFIER,
    /** An unquoted identifier or keyword. */
    IDENTIFIER,
    NUMBER,
    /** A positional parameter such as {@code $1}. */
    PARAMETER,
    OPERATOR,
    SEMICOLON,
    LEFT_PAREN,
    RIGHT_PAREN,
    /** {@code , [ ] . .. :: := :}. */
    PUNCTUATION,
    /** A psql variable reference: {@code :name}, {@code :'name'}, {@code :"name"} or {@code :{?name}}. */
    VARIABLE,
    /**
     * A psql meta-command: from the backslash to the end of the line (trailing whitespace excluded). In the parser's
     * own scanning this is only the backslash; the parser reads the rest.
     */
    META_COMMAND,
    /** psql's {@code \;} and {@code \:}: a semicolon or colon sent to the server as is. */
    PSQL_ESCAPE,
    /** The data lines after {@code COPY ... FROM STDIN;}, including the terminating {@code \.} line. */
    COPY_DATA,
    /** Any other character, such as a lone {@code $}. */
    OTHER
}

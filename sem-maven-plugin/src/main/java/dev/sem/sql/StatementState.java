package dev.sem.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * psql's per-statement lexer state: parenthesis depth, the {@code BEGIN ... END} depth of SQL-standard function bodies,
 * and the leading words of the statement (for classification and COPY detection).
 *
 * <p>The BEGIN tracking is psql's heuristic (psqlscan.l, PostgreSQL 14+), reproduced exactly: in a statement whose
 * first identifiers are {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}, every unquoted {@code BEGIN} at parenthesis
 * depth 0 opens a block, a {@code CASE} inside a block opens one more, and {@code END} closes one. A semicolon ends the
 * statement only at depth 0 of both.
 */
final class StatementState {

    /** A leading word of a statement: an identifier (lower-cased) or a token, with its parenthesis depth. */
    record Word(String text, int depth) {}

    private static final int MAX_WORDS = 64;

    private int parenDepth;
    private int beginDepth;
    private int identifierCount;
    private final char[] identifiers = new char[4];

    /** The words of each part; parts are separated by psql's {@code \;}. */
    private final List<List<Word>> parts = new ArrayList<>();

    /** The indexes (in {@link #parts}) of the parts that are {@code COPY ... FROM STDIN}. */
    private final List<Integer> copyParts = new ArrayList<>();

    private String partFirstWord;
    private String previousTopLevel;

    StatementState() {
        parts.add(new ArrayList<>());
    }

    /** Whether a semicolon now ends the statement. */
    boolean atTopLevel() {
        return parenDepth == 0 && beginDepth == 0;
    }

    /** Whether a part of the statement is {@code COPY ... FROM STDIN} (or {@code FROM STDOUT}, which is the same). */
    boolean copyFromStdin() {
        return !copyParts.isEmpty();
    }

    /** The indexes of the parts (separated by {@code \;}) that read a COPY data block, in order. */
    List<Integer> copyParts() {
        return copyParts;
    }

    List<List<Word>> parts() {
        return parts;
    }

    /** Starts a new statement. */
    void reset() {
        parenDepth = 0;
        beginDepth = 0;
        identifierCount = 0;
        copyParts.clear();
        partFirstWord = null;
        previousTopLevel = null;
        parts.clear();
        parts.add(new ArrayList<>());
    }

    /** psql's {@code \;}: the server gets a semicolon, psql starts counting identifiers again. */
    void escapedSemicolon() {
        identifierCount = 0;
        partFirstWord = null;
        previousTopLevel = null;
        parts.add(new ArrayList<>());
    }

    /** Feeds one significant (non-whitespace, non-comment) token. */
    void feed(TokenType type, String text) {
        switch (type) {
            case LEFT_PAREN -> {
                word("(");
                parenDepth++;
            }
            case RIGHT_PAREN -> {
                if (parenDepth > 0) {
                    parenDepth--;
                }
                word(")");
            }
            case IDENTIFIER -> identifier(text.toLowerCase(Locale.ROOT));
            case STRING, DOLLAR_STRING -> word("'");
            default -> word(text);
        }
    }

    private void identifier(String lower) {
        if (identifierCount == 0) {
            Arrays.fill(identifiers, (char) 0);
        }
        switch (lower) {
            case "create", "function", "procedure", "or", "replace" -> {
                if (identifierCount < identifiers.length) {
                    identifiers[identifierCount] = lower.charAt(0);
                }
            }
            default -> {}
        }
        identifierCount++;
        boolean createFunction = identifiers[0] == 'c'
                && (identifiers[1] == 'f'
                        || identifiers[1] == 'p'
                        || (identifiers[1] == 'o'
                                && identifiers[2] == 'r'
                                && (identifiers[3] == 'f' || identifiers[3] == 'p')));
        if (createFunction && parenDepth == 0) {
            switch (lower) {
                case "begin" -> beginDepth++;
                case "case" -> {
                    if (beginDepth >= 1) {
                        beginDepth++;
                    }
                }
                case "end" -> {
                    if (beginDepth > 0) {
                        beginDepth--;
                    }
                }
                default -> {}
            }
        }
        // The server's grammar takes STDIN and STDOUT alike as the client end of a COPY: COPY t FROM STDOUT reads
        // from the client exactly as FROM STDIN does (and psql answers the server's CopyInResponse the same way).
        if (parenDepth == 0
                && "copy".equals(partFirstWord)
                && "from".equals(previousTopLevel)
                && (lower.equals("stdin") || lower.equals("stdout"))) {
            int part = parts.size() - 1;
            if (copyParts.isEmpty() || copyParts.get(copyParts.size() - 1) != part) {
                copyParts.add(part);
            }
        }
        word(lower);
    }

    private void word(String text) {
        if (partFirstWord == null) {
            partFirstWord = text;
        }
        if (parenDepth == 0) {
            previousTopLevel = text;
        }
        List<Word> words = parts.get(parts.size() - 1);
        if (words.size() < MAX_WORDS && parenDepth <= 1) {
            words.add(new Word(text, parenDepth));
        }
    }
}

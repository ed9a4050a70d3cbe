package dev.sem.sql;

/**
 * One token of a script.
 *
 * @param type what the token is
 * @param text the exact characters of the token
 * @param offset the index of the token's first character in the lexed text
 */
public record Token(TokenType type, String text, int offset) {}

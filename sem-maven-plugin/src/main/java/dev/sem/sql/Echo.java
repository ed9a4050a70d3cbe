package dev.sem.sql;

/**
 * A psql {@code \echo}: print {@code text} when execution reaches it.
 *
 * @param text the arguments joined by single spaces, after psql's quoting and variable rules; a leading {@code -n}
 *     option is dropped
 * @param file the display path of the file holding the command
 * @param line the 1-based line of the command in that file
 */
public record Echo(String text, String file, int line) implements Unit {}

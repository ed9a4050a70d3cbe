package dev.sem.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a statement does to {@code standard_conforming_strings}, which decides how psql lexes {@code '...'}: when it is
 * off, backslashes escape in ordinary string literals ({@code 'a\\b\'c'}), as in {@code E'...'}.
 *
 * <p>psql reads the value the server reports after each query. A static splitter cannot ask the server, so it follows
 * the SET statements of the script in order, starting from the server default {@code on}:
 *
 * <ul>
 *   <li>{@code SET [SESSION] standard_conforming_strings = | TO value}, {@code RESET standard_conforming_strings},
 *       {@code RESET ALL} and {@code ... TO DEFAULT} (taken as {@code on}) change it;
 *   <li>{@code SET LOCAL ...} changes it until the next COMMIT, ROLLBACK, END or ABORT;
 *   <li>like psql, the new value applies from the line after the one where the statement ends.
 * </ul>
 *
 * <p>Not seen: a value set by {@code ALTER DATABASE}/{@code ALTER ROLE}/{@code PGOPTIONS} (sem assumes {@code on} at
 * the start of every script), a SET rolled back by ROLLBACK or ROLLBACK TO SAVEPOINT, a SET run inside a function
 * that is called, and a {@code SET LOCAL} outside any transaction block (possible only with {@code transaction = none}
 * and no BEGIN; the server ignores it with a warning, sem takes it as set until the next COMMIT or ROLLBACK). A {@code DO} block, a {@code set_config} call or a SET/RESET written in a form not listed above that
 * names the setting is refused (see {@link Scope#UNKNOWN}) rather than split on a guess.
 */
final class StandardStrings {

    enum Scope {
        NONE,
        SESSION,
        LOCAL,
        TRANSACTION_END,
        /** The statement names the setting in a way whose effect cannot be told statically. */
        UNKNOWN
    }

    record Change(Scope scope, boolean value) {}

    /** The value through a script, as psql would see it reported by the server after each statement. */
    static final class Tracker {
        /** As SET (or SET SESSION, RESET) left it; the server default is on. */
        private boolean session = true;
        /** As SET LOCAL left it until the transaction ends, else {@code null}. */
        private Boolean local;

        /** The value after the statements so far. */
        boolean on() {
            return local != null ? local : session;
        }

        /** Follows one statement (one part of a {@code \;}-combined query); returns what it did. */
        Scope track(String sql) {
            Change c = of(sql);
            switch (c.scope()) {
                case SESSION -> {
                    session = c.value();
                    local = null;
                }
                case LOCAL -> local = c.value();
                case TRANSACTION_END -> local = null;
                case NONE, UNKNOWN -> {}
            }
            return c.scope();
        }
    }

    private static final String NAME = "standard_conforming_strings";
    private static final Pattern SET = Pattern.compile(
            "\\A\\s*set\\s+(?:(session|local)\\s+)?\"?" + NAME
                    + "\"?(?:\\s*=\\s*|\\s+to\\s+|\\s+to(?=['\"]))(?:'([^'\\\\]*)'|\"([^\"]*)\"|([a-z0-9_]+))\\s*\\z",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RESET =
            Pattern.compile("\\A\\s*reset\\s+(?:\"?" + NAME + "\"?|all)\\s*\\z", Pattern.CASE_INSENSITIVE);
    private static final Pattern FIRST_WORD = Pattern.compile("\\A\\s*([a-z_]+)", Pattern.CASE_INSENSITIVE);

    private static final Change NONE = new Change(Scope.NONE, true);

    private StandardStrings() {}

    /** @param sql one statement as sent to the server (one part of a {@code \;}-combined query) */
    static Change of(String sql) {
        Matcher fw = FIRST_WORD.matcher(sql);
        String first = fw.find() ? fw.group(1).toLowerCase(Locale.ROOT) : "";
        boolean names = sql.toLowerCase(Locale.ROOT).contains(NAME);
        switch (first) {
            case "commit", "end", "abort" -> {
                return new Change(Scope.TRANSACTION_END, true);
            }
            case "rollback" -> {
                return sql.toLowerCase(Locale.ROOT).matches("(?s)\\s*rollback(\\s+(work|transaction))?\\s*")
                        ? new Change(Scope.TRANSACTION_END, true)
                        : NONE;
            }
            case "reset" -> {
                if (RESET.matcher(sql).matches()) {
                    return new Change(Scope.SESSION, true);
                }
                return names ? new Change(Scope.UNKNOWN, true) : NONE;
            }
            case "set" -> {
                if (!names) {
                    return NONE;
                }
                Matcher m = SET.matcher(sql);
                if (!m.matches()) {
                    return new Change(Scope.UNKNOWN, true);
                }
                Scope scope = "local".equalsIgnoreCase(m.group(1)) ? Scope.LOCAL : Scope.SESSION;
                String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
                if (m.group(4) != null && m.group(4).equalsIgnoreCase("default")) {
                    return new Change(scope, true);
                }
                Boolean b = parseBool(value);
                // An invalid value is refused by the server: nothing changes.
                return b == null ? NONE : new Change(scope, b);
            }
            case "do" -> {
                return names ? new Change(Scope.UNKNOWN, true) : NONE;
            }
            default -> {
                return names && sql.toLowerCase(Locale.ROOT).contains("set_config")
                        ? new Change(Scope.UNKNOWN, true)
                        : NONE;
            }
        }
    }

    /** PostgreSQL's parse_bool: on/off, true/false, yes/no, 1/0 and unique prefixes. */
    static Boolean parseBool(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.isEmpty()) {
            return null;
        }
        if ("true".startsWith(v) || "yes".startsWith(v) || v.equals("on") || v.equals("1")) {
            return true;
        }
        if ("false".startsWith(v) || "no".startsWith(v) || (v.length() >= 2 && "off".startsWith(v)) || v.equals("0")) {
            return false;
        }
        return null;
    }
}

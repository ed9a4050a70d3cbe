package dev.sem.db;

/** SQL over {@code pg_stat_activity} shared by the diagnostics that name other sessions. */
public final class ActivityQueries {

    private ActivityQueries() {}

    /**
     * The SQL expression for another session's query text as it may be shown in messages and reports: every quoted
     * string literal is replaced by {@code '...'}, so values such as an {@code ALTER ROLE … PASSWORD '…'} never reach
     * a log.
     *
     * @param alias the alias of {@code pg_stat_activity} in the query, such as {@code a}
     */
    public static String redactedQuery(String alias) {
        return "regexp_replace(coalesce(" + alias + ".query, ''), '''[^'']*''', '''...''', 'g')";
    }
}

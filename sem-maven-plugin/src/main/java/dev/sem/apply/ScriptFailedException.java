package dev.sem.apply;

import java.util.List;

import dev.sem.Message;
import dev.sem.SemException;

/** A script failed on the database. The message is the one-line summary; {@link #details()} the server's report. */
public final class ScriptFailedException extends SemException {

    private static final long serialVersionUID = 1L;

    private final String script;
    private final String displayPath;
    private final String sqlState;
    private final List<String> details;
    private final int committedStatements;

    ScriptFailedException(
            Message message,
            boolean userError,
            String script,
            String displayPath,
            String sqlState,
            List<String> details,
            int committedStatements,
            Throwable cause) {
        super(message, cause, userError);
        this.script = script;
        this.displayPath = displayPath;
        this.sqlState = sqlState;
        this.details = List.copyOf(details);
        this.committedStatements = committedStatements;
    }

    /** The script's file name. */
    public String script() {
        return script;
    }

    /** The path shown in messages, for example {@code ./scripts/20260101-120000.sql}. */
    public String displayPath() {
        return displayPath;
    }

    /** PostgreSQL's SQLSTATE, or null when the failure did not come from the server. */
    public String sqlState() {
        return sqlState;
    }

    /** Every line of the server's report (message, DETAIL, HINT, CONTEXT, notices), for the failure block. */
    public List<String> details() {
        return details;
    }

    /** For {@code transaction = none} scripts: how many statements had been committed before the failure. */
    public int committedStatements() {
        return committedStatements;
    }
}

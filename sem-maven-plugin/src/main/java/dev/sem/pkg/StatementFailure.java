package dev.sem.pkg;

import java.sql.SQLException;

import dev.sem.sql.SqlStatement;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Turns a server error of a package statement into one line naming file, line and column, message, DETAIL, HINT. */
final class StatementFailure {

    /** SQLSTATE of {@code lock_timeout}. */
    static final String LOCK_NOT_AVAILABLE = "55P03";

    private StatementFailure() {}

    static String describe(SqlStatement s, SQLException e) {
        int line = s.line();
        String column = "";
        String message = e.getMessage();
        String extra = "";
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            ServerErrorMessage m = pe.getServerErrorMessage();
            message = m.getSeverity() + ": " + m.getMessage();
            if (m.getPosition() > 0) {
                int[] lc = s.lineColumn(m.getPosition());
                line = lc[0];
                column = ":" + lc[1];
            }
            extra = (m.getDetail() == null ? "" : "; DETAIL: " + m.getDetail())
                    + (m.getHint() == null ? "" : "; HINT: " + m.getHint())
                    + (m.getWhere() == null ? "" : "; CONTEXT: " + m.getWhere().replace('\n', ' '));
        }
        return "File[" + s.file() + "] line " + line + column + ": " + message
                + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")") + extra + "; statement: "
                + excerpt(s.sql());
    }

    private static String excerpt(String sql) {
        String one = sql.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }

    /** Whether the failure is a lock_timeout (worth a retry of the whole transaction). */
    static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException se && LOCK_NOT_AVAILABLE.equals(se.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** A statement of a package file failed; the message is complete. */
    static final class Failed extends PackageException {
        private static final long serialVersionUID = 1L;

        Failed(String message, SQLException cause) {
            super(message, cause);
        }
    }
}

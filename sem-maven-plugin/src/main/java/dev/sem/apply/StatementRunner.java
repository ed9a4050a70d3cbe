package dev.sem.apply;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.SemException;
import dev.sem.sql.CopyFile;
import dev.sem.sql.SqlStatement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Sends one statement at a time on the work connection, the way psql does, and collects the server's notices. */
final class StatementRunner {

    /** The size of the chunks COPY data is sent in, from a script file. */
    private static final int COPY_BUFFER = 1 << 16;

    private final Connection connection;
    private final List<String> notices = new ArrayList<>();

    StatementRunner(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** Runs SQL written by us (BEGIN, COMMIT, SET LOCAL, …). */
    void control(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            st.execute(sql);
        }
    }

    /** Runs one statement of a script, including the inline data of {@code COPY … FROM stdin}. */
    void run(SqlStatement statement) throws SQLException {
        if (statement.isCopyFromStdin()) {
            try {
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                CopyFile file = statement.copyFile();
                if (file == null) {
                    copy.copyIn(statement.sql(), new StringReader(statement.copyData()));
                } else {
                    // Streamed from the script file: the driver sends UTF-8, so other encodings are converted.
                    try (InputStream in = new FileErrors(open(file))) {
                        if (file.charset().equals(StandardCharsets.UTF_8)) {
                            copy.copyIn(statement.sql(), in, COPY_BUFFER);
                        } else {
                            copy.copyIn(
                                    statement.sql(),
                                    new BufferedReader(new InputStreamReader(in, file.charset()), COPY_BUFFER));
                        }
                    }
                }
            } catch (FileError e) {
                // The driver ended the COPY; the connection is fine, the script fails (and is rolled back).
                throw new SQLException(
                        "COPY data could not be read from "
                                + statement.copyFile().file() + ": "
                                + e.getCause().getMessage(),
                        "58030",
                        e);
            } catch (IOException e) {
                throw new SQLException("COPY data could not be sent: " + e.getMessage(), "08006", e);
            }
            return;
        }
        try (Statement st = connection.createStatement()) {
            st.setEscapeProcessing(false);
            boolean result = st.execute(statement.sql());
            while (result || st.getUpdateCount() != -1) {
                result = st.getMoreResults();
            }
            collect(st.getWarnings());
        }
    }

    /** The data, or a script failure (before the COPY starts) when the file changed since it was loaded. */
    private static InputStream open(CopyFile file) throws SQLException, IOException {
        try {
            return file.open();
        } catch (SemException e) {
            throw new SQLException(e.getMessage(), "58030", e);
        }
    }

    /** An error reading a script file, told apart from an error of the connection. */
    private static final class FileError extends IOException {
        private static final long serialVersionUID = 1L;

        FileError(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Marks the errors of reading {@code in} as {@link FileError}s. */
    private static final class FileErrors extends java.io.FilterInputStream {
        FileErrors(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new FileError(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new FileError(e);
            }
        }
    }

    private void collect(SQLWarning warning) {
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            notices.add(w.getMessage());
        }
    }

    /** Notices and warnings the server sent since the last call, then forgets them. */
    List<String> drainNotices() {
        List<String> out = List.copyOf(notices);
        notices.clear();
        return out;
    }

    boolean inTransaction() throws SQLException {
        TransactionState state = connection.unwrap(BaseConnection.class).getTransactionState();
        return state != TransactionState.IDLE;
    }

    /** Rolls back whatever transaction is open (also an aborted one). */
    void rollbackQuietly() {
        try {
            if (inTransaction()) {
                control("ROLLBACK");
            }
        } catch (SQLException e) {
            // The connection may be gone; the caller reports the original failure.
        }
    }

    /** Every line PostgreSQL reported: severity and message, DETAIL, HINT, CONTEXT. */
    static List<String> serverReport(SQLException e) {
        List<String> lines = new ArrayList<>();
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null) {
            lines.add(String.valueOf(e.getMessage()));
            return lines;
        }
        lines.add((m.getSeverity() == null ? "ERROR" : m.getSeverity()) + ":  " + m.getMessage());
        if (m.getDetail() != null) {
            lines.add("DETAIL:  " + m.getDetail());
        }
        if (m.getHint() != null) {
            lines.add("HINT:  " + m.getHint());
        }
        if (m.getWhere() != null) {
            lines.add("CONTEXT:  " + m.getWhere());
        }
        return lines;
    }

    /**
     * Whether {@code e} means the connection to the server is gone: a connection exception (SQLSTATE class 08, also
     * the driver's I/O errors), a server shutting down or terminating the backend (57P01 to 57P03), or a connection the
     * driver has closed.
     */
    boolean connectionLost(SQLException e) {
        if (connectionLostState(e)) {
            return true;
        }
        try {
            return connection.isClosed();
        } catch (SQLException ignored) {
            return true;
        }
    }

    /** Whether {@code e}'s SQLSTATE says the connection is gone (class 08, or 57P01 to 57P03). */
    static boolean connectionLostState(SQLException e) {
        String state = e.getSQLState();
        return state != null
                && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03"));
    }

    /**
     * What the server said when it ended the connection, as {@code " (message, SQLSTATE x)"}, or empty when the
     * connection just broke (the driver's I/O error text helps no one).
     */
    static String serverGoodbye(SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        if (m == null || m.getMessage() == null) {
            return "";
        }
        return " (" + m.getMessage() + (e.getSQLState() == null ? "" : ", SQLSTATE " + e.getSQLState()) + ")";
    }

    /** The server's one-line message of a failure. */
    static String serverMessage(SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return m == null || m.getMessage() == null ? String.valueOf(e.getMessage()) : m.getMessage();
    }

    /** The 1-based character position PostgreSQL reported in the statement, or 0. */
    static int position(SQLException e) {
        ServerErrorMessage m = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
        return m == null ? 0 : m.getPosition();
    }
}

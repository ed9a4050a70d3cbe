package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.EngineLog;
import dev.sem.sql.SqlStatement;

/** Runs the statements of package files one by one and reports progress ({@code file n of N, ms}). */
final class FileExecutor {

    private final Connection connection;
    private final EngineLog log;
    private final int total;
    private final List<String> committed;
    private final BlockerSampler blockers;
    private int done;

    /**
     * @param total how many files will run, for progress lines
     * @param committed collects {@code file:line} of each statement when the connection is in autocommit, else null
     * @param blockers samples who blocks a waiting statement, or null
     */
    FileExecutor(Connection connection, EngineLog log, int total, List<String> committed, BlockerSampler blockers) {
        this.blockers = blockers;
        this.connection = connection;
        this.log = log;
        this.total = total;
        this.committed = committed;
    }

    /**
     * Runs one file's statements.
     *
     * @return the duration in milliseconds
     * @throws StatementFailure.Failed naming file and line
     */
    long run(String path, List<SqlStatement> statements) {
        long start = System.nanoTime();
        runStatements(statements);
        done++;
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.info("file " + done + " of " + total + ": " + path + ", " + ms + " ms");
        return ms;
    }

    /** Runs statements without counting a file (the ordered type statements). */
    void runStatements(List<SqlStatement> statements) {
        try (Statement st = connection.createStatement()) {
            for (SqlStatement s : statements) {
                if (blockers != null) {
                    blockers.start();
                }
                try {
                    st.execute(s.sql());
                } catch (SQLException e) {
                    List<String> seen = blockers == null ? List.of() : blockers.stop();
                    String blocked = StatementFailure.LOCK_NOT_AVAILABLE.equals(e.getSQLState()) && !seen.isEmpty()
                            ? "; blocked by " + String.join("; ", seen)
                            : "";
                    throw new StatementFailure.Failed(StatementFailure.describe(s, e) + blocked, e);
                }
                if (blockers != null) {
                    blockers.stop();
                }
                if (committed != null) {
                    committed.add(s.file() + ":" + s.line());
                }
            }
        } catch (SQLException e) {
            throw new StatementFailure.Failed("Could not create a statement: " + e.getMessage(), e);
        }
    }

    /** Counts a file that ran as part of a group (types) and prints its progress line. */
    void countFile(String path, long ms) {
        done++;
        log.info("file " + done + " of " + total + ": " + path + ", " + ms + " ms");
    }

    static List<String> newCommittedList() {
        return new ArrayList<>();
    }
}

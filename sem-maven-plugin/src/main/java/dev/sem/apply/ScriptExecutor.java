package dev.sem.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.history.History;
import dev.sem.history.ProgressStatus;
import dev.sem.history.StatementProgress;
import dev.sem.history.StoredChecksum;
import dev.sem.script.TransactionMode;
import dev.sem.sql.Echo;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.StatementKind;
import dev.sem.sql.Unit;

/**
 * Runs one script on the work connection with psql's semantics, recording it atomically.
 *
 * <ul>
 *   <li>{@code transaction = single}: {@code BEGIN}, a managed {@code SET LOCAL lock_timeout}, the statements one at a
 *       time, the history rows, {@code COMMIT}. A lock timeout (SQLSTATE 55P03) rolls everything back and the script is
 *       retried with exponential backoff. Transaction control written in the file behaves as under psql.
 *   <li>{@code transaction = none}: every statement in autocommit, each followed by its progress row, so an interrupted
 *       script resumes at the statement that did not complete; a single statement is retried on a lock timeout.
 * </ul>
 */
final class ScriptExecutor {

    private final StatementRunner runner;
    private final ConcurrentIndexes indexes;
    private final BlockerWatch watch;
    private final ApplyOptions options;
    private final EngineLog log;

    ScriptExecutor(StatementRunner runner, BlockerWatch watch, ApplyOptions options, EngineLog log) {
        this.runner = runner;
        this.indexes = new ConcurrentIndexes(runner, log);
        this.watch = watch;
        this.options = options;
        this.log = log;
    }

    /**
     * What happened to one script.
     *
     * @param skipped whether it was found recorded already (by an earlier script) and not run
     */
    record Outcome(int statements, int retries, long durationMs, boolean skipped) {

        Outcome(int statements, int retries, long durationMs) {
            this(statements, retries, durationMs, false);
        }
    }

    /**
     * Whether {@link #run} starts the script's session itself: a {@code transaction = single} script that sem runs
     * (not psql) without transaction control of its own gets its session settings and the check that it is not recorded yet in the round
     * trip of its {@code BEGIN}, so the caller only discards the previous session.
     */
    static boolean preparesSession(PendingScript script) {
        return script.script().mode() == TransactionMode.SINGLE
                && !script.script().runsWithPsql()
                && !script.script().parsed().hasTransactionControl();
    }

    /**
     * Runs a script.
     *
     * @param session the session settings to restore first when {@link #preparesSession} (the caller has issued
     *     {@code DISCARD ALL}); otherwise ignored, the caller has restored the session and checked the history
     */
    Outcome run(PendingScript script, Supplier<StoredChecksum> record, List<ConnectionFactory.SessionSetting> session) {
        return switch (script.script().mode()) {
            case SINGLE -> runSingle(script, record, preparesSession(script) ? session : null);
            case NONE -> runNone(script, record);
        };
    }

    private boolean managed(PendingScript script) {
        return !options.lockTimeout().isZero() && !script.managesLockTimeout();
    }

    private String lockTimeoutValue() {
        return options.lockTimeout().toMillis() + "ms";
    }

    private Outcome runSingle(
            PendingScript script, Supplier<StoredChecksum> record, List<ConnectionFactory.SessionSetting> session) {
        long started = System.nanoTime();
        int attempt = 0;
        while (true) {
            SqlStatement current = null;
            int executed = 0;
            try {
                if (session == null) {
                    // One round trip: the driver pipelines both statements.
                    runner.control(
                            managed(script) ? "BEGIN; SET LOCAL lock_timeout = '" + lockTimeoutValue() + "'" : "BEGIN");
                } else if (begin(script, session)) {
                    runner.control("ROLLBACK");
                    return new Outcome(0, attempt, 0, true);
                }
                for (Unit unit : script.script().parsed().units()) {
                    if (unit instanceof Echo echo) {
                        log.info(echo.text());
                        continue;
                    }
                    current = (SqlStatement) unit;
                    watch.start();
                    try {
                        runner.run(current);
                    } finally {
                        watch.stop();
                    }
                    executed++;
                }
                current = null;
                StoredChecksum checksum = checksum(record);
                long durationMs = (System.nanoTime() - started) / 1_000_000;
                if (!script.changesRole() && runner.inTransaction()) {
                    History.recordAppliedAndCommit(runner.connection(), checksum.withDurationMs(durationMs));
                } else {
                    asSessionUser(
                            script,
                            () -> History.recordApplied(runner.connection(), checksum.withDurationMs(durationMs)));
                    if (runner.inTransaction()) {
                        runner.control("COMMIT");
                    }
                }
                return new Outcome(executed, attempt, durationMs);
            } catch (SQLException e) {
                List<String> blockers = watch.stop();
                List<String> notices = runner.drainNotices();
                runner.rollbackQuietly();
                boolean retryable = "55P03".equals(e.getSQLState())
                        && attempt < options.lockRetries()
                        && !script.script().parsed().hasTransactionControl();
                if (retryable) {
                    attempt++;
                    backoff(script, current, attempt, blockers);
                    continue;
                }
                throw failure(script, current, e, blockers, notices, 0);
            }
        }
    }

    /**
     * Opens the script's transaction in one round trip: {@code BEGIN}, the managed lock timeout, the session settings
     * psql would show (set inside the transaction, so a retry after a rollback sets them again) and whether the script
     * is recorded already.
     *
     * @return whether the script is recorded already (the transaction is then open and must be rolled back)
     */
    private boolean begin(PendingScript script, List<ConnectionFactory.SessionSetting> session) throws SQLException {
        StringBuilder sql = new StringBuilder("BEGIN");
        if (managed(script)) {
            sql.append("; SET LOCAL lock_timeout = '")
                    .append(lockTimeoutValue())
                    .append("'");
        }
        if (!session.isEmpty()) {
            sql.append("; ").append(ConnectionFactory.reapplySql(session));
        }
        sql.append("; ").append(History.isRecordedQuery());
        try (PreparedStatement ps = runner.connection().prepareStatement(sql.toString())) {
            int next = ConnectionFactory.bindReapply(ps, 1, session);
            ps.setString(next, script.name());
            boolean recorded = false;
            boolean isResult = ps.execute();
            while (isResult || ps.getUpdateCount() != -1) {
                if (isResult) {
                    try (ResultSet rs = ps.getResultSet()) {
                        // The last result set is the history check.
                        recorded = rs.next() && rs.getObject(1) instanceof Boolean b && b;
                    }
                }
                isResult = ps.getMoreResults();
            }
            return recorded;
        }
    }

    /**
     * The history row, its checksums waited for (a large script's are computed while it runs); one that could not be
     * computed (the file became unreadable) fails the script like a statement would, rolled back.
     */
    private static StoredChecksum checksum(Supplier<StoredChecksum> record) throws SQLException {
        try {
            return record.get();
        } catch (SemException e) {
            throw new SQLException(e.getMessage(), "58030", e);
        }
    }

    private Outcome runNone(PendingScript script, Supplier<StoredChecksum> record) {
        long started = System.nanoTime();
        Connection c = runner.connection();
        Map<Integer, StatementProgress> progress = new HashMap<>();
        for (StatementProgress p : script.progress()) {
            progress.put(p.statementIndex(), p);
        }
        int totalRetries = 0;
        int completed = 0;
        int index = 0;
        StoredChecksum checksum;
        try {
            // Before the first statement: each commits on its own, so the record must be sure to follow.
            checksum = checksum(record);
            if (managed(script)) {
                runner.control("SET lock_timeout = '" + lockTimeoutValue() + "'");
            }
        } catch (SQLException e) {
            throw failure(script, null, e, List.of(), runner.drainNotices(), 0);
        }
        for (Unit unit : script.script().parsed().units()) {
            if (unit instanceof Echo echo) {
                log.info(echo.text());
                continue;
            }
            SqlStatement statement = (SqlStatement) unit;
            int i = ++index;
            StatementProgress before = progress.get(i);
            boolean done = before != null
                    && (before.status() == ProgressStatus.APPLIED
                            || (before.status() == ProgressStatus.RUNNING && settleUnknown(script, statement, i)));
            if (!done) {
                totalRetries += runAlone(script, statement, i, completed);
            }
            completed++;
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        try {
            if (runner.inTransaction()) {
                // The script left a transaction open (BEGIN without COMMIT): psql would roll it back on exit.
                runner.control("ROLLBACK");
            }
            asSessionUser(script, true, () -> History.recordApplied(c, checksum.withDurationMs(durationMs)));
        } catch (SQLException e) {
            runner.rollbackQuietly();
            throw failure(script, null, e, List.of(), runner.drainNotices(), completed);
        }
        return new Outcome(completed, totalRetries, durationMs);
    }

    /**
     * Runs statement {@code i} (starting at 1) of a {@code transaction = none} script with its progress rows,
     * retrying it on a lock timeout when it runs alone.
     *
     * @param completed the statements of the script completed so far, for the failure message
     * @return the retries it took
     */
    private int runAlone(PendingScript script, SqlStatement statement, int i, int completed) {
        String sha = script.script().statementHashes().get(i - 1);
        int attempt = 0;
        while (true) {
            long t0 = System.nanoTime();
            // Inside a transaction the script opened itself, markers commit or roll back with its statements.
            boolean inScriptTransaction;
            try {
                inScriptTransaction = runner.inTransaction();
            } catch (SQLException e) {
                throw failure(script, statement, e, List.of(), runner.drainNotices(), completed);
            }
            try {
                runOnce(script, statement, i, sha, attempt, !inScriptTransaction, t0);
                return attempt;
            } catch (SQLException e) {
                List<String> blockers = watch.stop();
                List<String> notices = runner.drainNotices();
                runner.rollbackQuietly();
                // Retry only a statement that ran alone: a rollback of the script's own transaction also undid
                // the statements before it, which a retry of this one statement would not bring back.
                if ("55P03".equals(e.getSQLState())
                        && attempt < options.lockRetries()
                        && !inScriptTransaction
                        && !script.script().parsed().hasTransactionControl()) {
                    attempt++;
                    indexes.dropInvalidLeftBy(statement);
                    backoff(script, statement, attempt, blockers);
                    continue;
                }
                recordFailed(script, i, sha, attempt, t0, e);
                throw failure(script, statement, e, blockers, notices, completed);
            }
        }
    }

    /**
     * One attempt at statement {@code i}: marked running first (unless inside the script's own transaction, or it is
     * transaction control), then run under the lock watch, then marked applied.
     */
    private void runOnce(
            PendingScript script, SqlStatement statement, int i, String sha, int tries, boolean markRunning, long t0)
            throws SQLException {
        Connection c = runner.connection();
        if (markRunning && statement.kind() != StatementKind.TRANSACTION_CONTROL) {
            asSessionUser(
                    script,
                    () -> History.recordProgress(
                            c, progress(script, i, sha, ProgressStatus.RUNNING, null, tries, null)));
        }
        watch.start();
        try {
            runner.run(statement);
        } finally {
            watch.stop();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        asSessionUser(
                script,
                () -> History.recordProgress(c, progress(script, i, sha, ProgressStatus.APPLIED, ms, tries, null)));
    }

    /** Marks statement {@code i} failed; a failure to do so is not reported over the statement's own failure. */
    private void recordFailed(PendingScript script, int i, String sha, int tries, long t0, SQLException e) {
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Connection c = runner.connection();
        try {
            asSessionUser(
                    script,
                    () -> History.recordProgress(c, progress(script, i, sha, ProgressStatus.FAILED, ms, tries, e)));
        } catch (SQLException ignored) {
            // The failure itself is what the user needs to see.
        }
    }

    /** A write to the history tables. */
    private interface HistoryWrite {
        void run() throws SQLException;
    }

    /**
     * Writes history as the connecting role, even when the script switched roles with {@code SET ROLE} (its role may
     * have no rights on {@code schema_evolution_manager}; sem (Ruby) records from a separate session). Outside a
     * transaction the write gets one of its own; inside the script's transaction the role is switched back after it.
     */
    private void asSessionUser(PendingScript script, HistoryWrite write) throws SQLException {
        asSessionUser(script, false, write);
    }

    private void asSessionUser(PendingScript script, boolean needsTransaction, HistoryWrite write) throws SQLException {
        if (!script.changesRole()) {
            if (runner.inTransaction() || !needsTransaction) {
                write.run();
            } else {
                runner.control("BEGIN");
                try {
                    write.run();
                    runner.control("COMMIT");
                } catch (SQLException e) {
                    runner.rollbackQuietly();
                    throw e;
                }
            }
            return;
        }
        if (!runner.inTransaction()) {
            runner.control("BEGIN; SET LOCAL ROLE NONE");
            try {
                write.run();
                runner.control("COMMIT");
            } catch (SQLException e) {
                runner.rollbackQuietly();
                throw e;
            }
            return;
        }
        String role;
        try (PreparedStatement ps = runner.connection().prepareStatement("SELECT current_setting('role')");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            role = rs.getString(1);
        }
        runner.control("SET LOCAL ROLE NONE");
        write.run();
        try (PreparedStatement ps = runner.connection().prepareStatement("SELECT set_config('role', ?, true)")) {
            ps.setString(1, role);
            ps.executeQuery().close();
        }
    }

    /**
     * A statement that was started but not recorded as done by a run that died. Settles it with a catalog probe where
     * the kind allows, else by the configured policy.
     *
     * @return true when the statement counts as applied
     */
    private boolean settleUnknown(PendingScript script, SqlStatement statement, int index) {
        String indexName = ConcurrentIndexes.nameCreatedBy(statement);
        if (indexName != null) {
            Boolean valid = indexes.validity(indexName);
            if (Boolean.TRUE.equals(valid)) {
                log.info("  " + script.name() + ": statement " + index + " (line " + statement.line()
                        + ", CREATE INDEX CONCURRENTLY) completed before the previous run stopped; index " + indexName
                        + " is valid");
                return true;
            }
            if (Boolean.FALSE.equals(valid)) {
                log.warn("  " + script.name() + ": dropping the INVALID index " + indexName
                        + " left by an interrupted CREATE INDEX CONCURRENTLY, then building it again");
                indexes.dropConcurrently(indexName);
            }
            return false;
        }
        return switch (options.resumeUnknown()) {
            case SKIP -> true;
            case RERUN -> false;
            case STOP ->
                throw new SemException(Message.text("File[" + script.script().displayPath() + "] line "
                                + statement.line() + ": statement " + index + " was started by an earlier run that"
                                + " stopped before recording whether it completed. Check the database, then run"
                                + " again with ")
                        .then(Option.RESUME_UNKNOWN, "rerun")
                        .then(" (run it again) or ")
                        .then(Option.RESUME_UNKNOWN, "skip")
                        .then(" (it did complete)."));
        };
    }

    private void backoff(PendingScript script, SqlStatement statement, int attempt, List<String> blockers) {
        long sleep = backoffMillis(attempt);
        String where = statement == null ? "" : " line " + statement.line();
        log.warn("  " + script.name() + where + ": lock_timeout (" + lockTimeoutValue() + ") reached"
                + (blockers.isEmpty() ? "" : ", blocked by " + String.join("; ", blockers)) + "; retry " + attempt
                + "/" + options.lockRetries() + " in " + sleep + " ms");
        try {
            Thread.sleep(sleep);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SemException.environment("Interrupted while waiting to retry " + script.name(), e);
        }
    }

    /**
     * How long to wait before retry {@code attempt} (starting at 1) after a lock timeout: exponential from 250 ms up to
     * 10 s, jittered between half and the full value.
     */
    static long backoffMillis(int attempt) {
        long base = Math.min(10_000L, 250L << Math.min(attempt - 1, 6));
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    /** The progress row of statement {@code index} (starting at 1); {@code failure} gives SQLSTATE and message. */
    private static StatementProgress progress(
            PendingScript script,
            int index,
            String sha,
            ProgressStatus status,
            Long ms,
            int retries,
            SQLException failure) {
        return new StatementProgress(
                script.name(),
                index,
                sha,
                status,
                ms,
                retries,
                failure == null ? null : failure.getSQLState(),
                failure == null ? null : StatementRunner.serverMessage(failure),
                null,
                null,
                null,
                null);
    }

    private ScriptFailedException failure(
            PendingScript script,
            SqlStatement statement,
            SQLException e,
            List<String> blockers,
            List<String> notices,
            int committed) {
        List<String> details = new ArrayList<>();
        String where;
        if (statement != null) {
            int position = StatementRunner.position(e);
            int[] lc = position > 0 ? statement.lineColumn(position) : new int[] {statement.line(), 0};
            where = "File[" + script.script().displayPath() + "] line " + lc[0] + (lc[1] > 0 ? " column " + lc[1] : "");
            details.add(script.script().displayPath() + ":" + lc[0] + ": "
                    + String.join("\n", StatementRunner.serverReport(e)));
        } else {
            where = "File[" + script.script().displayPath() + "]";
            details.addAll(StatementRunner.serverReport(e));
        }
        for (String n : notices) {
            details.add("NOTICE:  " + n);
        }
        if (runner.connectionLost(e)) {
            return new ScriptFailedException(
                    connectionLost(script, statement, e, committed),
                    false,
                    script.name(),
                    script.script().displayPath(),
                    e.getSQLState(),
                    details,
                    committed,
                    e);
        }
        String summary = where + ": " + StatementRunner.serverMessage(e)
                + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")");
        if ("55P03".equals(e.getSQLState())) {
            summary += "; still blocked after " + options.lockRetries() + " retries"
                    + (blockers.isEmpty() ? "" : " by " + String.join("; ", blockers));
            if (!blockers.isEmpty()) {
                details.add("Blocked by: " + String.join("; ", blockers));
            }
        }
        if (script.script().mode() == TransactionMode.NONE) {
            summary += "; " + committed + " statement(s) of this transaction = none script were committed, the next"
                    + " run resumes at the failed one";
        }
        return new ScriptFailedException(
                Message.text(summary),
                true,
                script.name(),
                script.script().displayPath(),
                e.getSQLState(),
                details,
                committed,
                e);
    }

    /**
     * The one-line message for a connection lost while running {@code script} (the backend was terminated, the server
     * shut down or restarted, the network broke): where, what is committed, and how the next run continues.
     *
     * @param statement the statement that was running, or null (BEGIN, the history write, COMMIT)
     * @param committed for {@code transaction = none} scripts: the statements committed before {@code statement}
     */
    private static Message connectionLost(PendingScript script, SqlStatement statement, SQLException e, int committed) {
        Message m = Message.text("The connection to the server was lost while running File["
                + script.script().displayPath() + "]"
                + (statement == null ? "" : " line " + statement.line())
                + StatementRunner.serverGoodbye(e)
                + "; the server may have restarted or the backend was terminated. ");
        if (script.script().mode() == TransactionMode.SINGLE) {
            return m.then(
                    statement != null
                            ? "Nothing of this script was committed or recorded: run again to continue."
                            : "The script and its history row commit together or not at all: run again to continue"
                                    + " (the script is skipped if its commit went through).");
        }
        if (statement == null) {
            return m.then(
                    committed == 0
                            ? "Nothing of this script was committed or recorded: run again to continue."
                            : committed + " statement(s) of this transaction = none script were committed but the"
                                    + " script may not be recorded yet: run again to continue (it does not run them"
                                    + " again).");
        }
        int index = committed + 1;
        String before =
                committed == 0 ? "No statement" : committed == 1 ? "Statement 1" : "Statements 1 to " + committed;
        m = m.then(before + " of this transaction = none script " + (committed == 1 ? "was" : "were")
                + " committed; statement " + index + " (line " + statement.line() + ") was interrupted and may or may"
                + " not have completed; the script was not recorded: run again to continue at statement " + index);
        if (statement.kind() == StatementKind.TRANSACTION_CONTROL) {
            return m.then(".");
        }
        if (ConcurrentIndexes.nameCreatedBy(statement) != null) {
            return m.then(" (sem checks the index: a valid one is kept, an INVALID one is built again).");
        }
        return m.then(", with ")
                .then(Option.RESUME_UNKNOWN, "rerun")
                .then(" if it may run twice, or ")
                .then(Option.RESUME_UNKNOWN, "skip")
                .then(" if it did complete.");
    }
}

package dev.sem.pkg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

import dev.sem.Message;
import dev.sem.Option;

/**
 * Runs a query in autocommit (pgpm's {@code execute}), once or, with {@code untilZero}, repeatedly until the first
 * column of the first row is 0: for "rows left" batch jobs. Works on any single connection (pgpm defect 22).
 */
public final class QueryExecutor {

    /** The default iteration limit of {@code untilZero} (pgpm's). */
    public static final int DEFAULT_MAX_ITERATIONS = 10_000;

    /**
     * What to run.
     *
     * @param query the SQL, one statement
     * @param untilZero repeat until the first column of the first row is 0
     * @param maxIterations the most runs with {@code untilZero}
     * @param pause the pause between runs
     */
    public record Request(String query, boolean untilZero, int maxIterations, Duration pause) {
        public Request {
            if (query == null || query.isBlank()) {
                throw new PackageException(
                        Message.text("No query to execute: give one with ").then(Option.QUERY, "\"...\""));
            }
            if (maxIterations < 1) {
                throw new PackageException(
                        Message.text("").then(Option.MAX_ITERATIONS).then(" must be at least 1, not " + maxIterations));
            }
            if (pause == null || pause.isNegative()) {
                throw new PackageException(Message.text("").then(Option.PAUSE).then(" must not be negative"));
            }
        }
    }

    /**
     * What happened.
     *
     * @param iterations how often the query ran
     * @param lastValue the first column of the first row of the last run (text), or null when it returned no row, a
     *     NULL or no result set
     * @param reachedZero whether {@code untilZero} ended at 0
     * @param limitReached whether {@code untilZero} stopped at the iteration limit
     * @param stopReason why the repetition stopped, which may name an option (null for a single run)
     */
    public record Result(
            int iterations, String lastValue, boolean reachedZero, boolean limitReached, Message stopReason) {

        /** A result whose stop reason names no option. */
        public Result(int iterations, String lastValue, boolean reachedZero, boolean limitReached, String stopReason) {
            this(
                    iterations,
                    lastValue,
                    reachedZero,
                    limitReached,
                    stopReason == null ? null : Message.text(stopReason));
        }
    }

    private QueryExecutor() {}

    /**
     * Runs the request on {@code c}, switching it to autocommit.
     *
     * @param progress called after each run with a line such as {@code iteration 3: 1200}
     * @throws PackageException when the query fails, or with {@code untilZero} its value is not a number
     */
    public static Result run(Connection c, Request request, Consumer<String> progress) throws SQLException {
        c.setAutoCommit(true);
        int iteration = 0;
        while (true) {
            iteration++;
            String value;
            try {
                value = runOnce(c, request.query());
            } catch (SQLException e) {
                throw new PackageException(
                        "The query failed at iteration " + iteration + " (earlier iterations" + " stay committed): "
                                + e.getMessage(),
                        e);
            }
            progress.accept("iteration " + iteration + ": " + (value == null ? "(no value)" : value));
            if (!request.untilZero()) {
                return new Result(iteration, value, false, false, (Message) null);
            }
            if (value == null) {
                return new Result(
                        iteration,
                        null,
                        false,
                        false,
                        "the query returned no row or a NULL first column;"
                                + " untilZero stops (return a number, such as the rows left)");
            }
            double number;
            try {
                number = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new PackageException("With untilZero the first column of the first row must be a number, but"
                        + " iteration " + iteration + " returned '" + value + "'");
            }
            if (number == 0) {
                return new Result(iteration, value, true, false, "reached 0");
            }
            if (iteration >= request.maxIterations()) {
                return new Result(
                        iteration,
                        value,
                        false,
                        true,
                        Message.text("the iteration limit of " + request.maxIterations()
                                        + " was reached with the value still " + value + ": raise ")
                                .then(Option.MAX_ITERATIONS)
                                .then(" or check the query"));
            }
            if (!request.pause().isZero()) {
                try {
                    Thread.sleep(request.pause().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Result(iteration, value, false, false, "interrupted");
                }
            }
        }
    }

    private static String runOnce(Connection c, String query) throws SQLException {
        try (Statement st = c.createStatement()) {
            boolean hasResult = st.execute(query);
            if (!hasResult) {
                return null;
            }
            try (ResultSet rs = st.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}

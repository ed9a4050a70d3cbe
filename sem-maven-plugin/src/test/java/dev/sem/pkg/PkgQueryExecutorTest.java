package dev.sem.pkg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.sem.Option;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.testing.Remedies.suggests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code execute}: a query in autocommit on a single connection, optionally repeated until it returns 0.
 *
 * <p>pgpm defects (spec §17): 22 ({@code execute} on a connection string was a usage error).
 */
@ExtendWith(TestPostgres.class)
class PkgQueryExecutorTest {

    private static final String BATCH = "WITH d AS (DELETE FROM work WHERE id IN (SELECT id FROM work LIMIT 3)"
            + " RETURNING 1) SELECT (SELECT count(*) FROM work) - (SELECT count(*) FROM d)";

    @Test
    void aQueryRunsOnceInAutocommitOnASingleConnection(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            QueryExecutor.Result r = QueryExecutor.run(
                    c, new QueryExecutor.Request("CREATE TABLE made (id int)", false, 10, Duration.ZERO), s -> {});
            assertThat(r.iterations()).isEqualTo(1);
            assertThat(r.lastValue()).isNull();
        }
        try (Connection other = db.connect()) {
            assertThat(RegistryRows.string(other, "SELECT to_regclass('made')")).isEqualTo("made");
        }
    }

    @Test
    void untilZeroRepeatsABatchUntilNoRowsAreLeftAndReportsIterationsAndLastValue(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistryRows.exec(c, "CREATE TABLE work AS SELECT generate_series(1, 10) AS id");
            List<String> progress = new ArrayList<>();
            QueryExecutor.Result r = QueryExecutor.run(
                    c, new QueryExecutor.Request(BATCH, true, 100, Duration.ofMillis(5)), progress::add);
            assertThat(r.iterations()).isEqualTo(4);
            assertThat(r.lastValue()).isEqualTo("0");
            assertThat(r.reachedZero()).isTrue();
            assertThat(progress)
                    .containsExactly("iteration 1: 7", "iteration 2: 4", "iteration 3: 1", "iteration 4: 0");
        }
    }

    @Test
    void untilZeroStopsAtTheIterationLimitOrAtANullWithAReason(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            RegistryRows.exec(c, "CREATE TABLE work AS SELECT generate_series(1, 10) AS id");
            QueryExecutor.Result limited =
                    QueryExecutor.run(c, new QueryExecutor.Request(BATCH, true, 2, Duration.ZERO), s -> {});
            assertThat(limited.iterations()).isEqualTo(2);
            assertThat(limited.lastValue()).isEqualTo("4");
            assertThat(limited.reachedZero()).isFalse();
            assertThat(limited.limitReached()).isTrue();
            assertThat(limited.stopReason().toString())
                    .isEqualTo("the iteration limit of 2 was reached with the value still 4: raise the maxIterations"
                            + " option or check the query");
            assertThat(limited.stopReason().options()).containsExactly(Option.MAX_ITERATIONS);
            QueryExecutor.Result empty = QueryExecutor.run(
                    c, new QueryExecutor.Request("SELECT NULL::int", true, 10, Duration.ZERO), s -> {});
            assertThat(empty.stopReason().toString()).contains("no row or a NULL");
            assertThat(empty.stopReason().options()).isEmpty();
            assertThatThrownBy(() -> QueryExecutor.run(
                            c, new QueryExecutor.Request("SELECT 'many'", true, 10, Duration.ZERO), s -> {}))
                    .isInstanceOf(PackageException.class)
                    .hasMessageContaining("must be a number");
            assertThatThrownBy(() -> new QueryExecutor.Request(" ", false, 1, Duration.ZERO))
                    .hasMessage("No query to execute: give one with query=\"...\"")
                    .satisfies(suggests(Option.QUERY));
            assertThatThrownBy(() -> new QueryExecutor.Request("SELECT 1", true, 0, Duration.ZERO))
                    .hasMessage("the maxIterations option must be at least 1, not 0")
                    .satisfies(suggests(Option.MAX_ITERATIONS));
            assertThatThrownBy(() -> new QueryExecutor.Request("SELECT 1", true, 1, Duration.ofMillis(-1)))
                    .hasMessage("the pause option must not be negative")
                    .satisfies(suggests(Option.PAUSE));
        }
    }
}

package dev.sem.fleet;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.db.ConnectionFactory;
import dev.sem.db.ConnectionSettings;
import dev.sem.pkg.QueryExecutor;

/** {@code execute} on each target: the query in autocommit, repeated until zero when asked. */
public final class ExecuteOperation implements FleetOperation {

    private final QueryExecutor.Request request;
    private final EngineLog log;

    public ExecuteOperation(QueryExecutor.Request request, EngineLog log) {
        this.request = Objects.requireNonNull(request, "request");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String goal() {
        return "execute";
    }

    /** Connects, and nothing else: the query's effects cannot be checked without running it. */
    @Override
    public void preflight(Target target, ConnectionSettings settings) {
        try (Connection c = new ConnectionFactory(settings).open("sem:execute preflight")) {
            c.isValid(5);
        } catch (SQLException e) {
            throw SemException.environment(settings.redact(e.getMessage()), e);
        }
    }

    @Override
    public Outcome run(Target target, ConnectionSettings settings) {
        try (Connection c = new ConnectionFactory(settings).open("sem:execute")) {
            QueryExecutor.Result r = QueryExecutor.run(c, request, line -> log.debug(target.label() + ": " + line));
            if (r.limitReached()) {
                throw new SemException("untilZero did not reach 0 after " + r.iterations() + " iterations");
            }
            String summary = "executed " + r.iterations() + " time(s); last value "
                    + (r.lastValue() == null ? "(none)" : r.lastValue());
            return new Outcome(true, r.iterations(), summary, r);
        } catch (SQLException e) {
            throw new SemException("execute failed: " + settings.redact(e.getMessage()), e);
        }
    }
}

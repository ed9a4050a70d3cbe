package dev.sem.maven;

import javax.inject.Inject;

import java.time.Duration;

import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.fleet.ExecuteOperation;
import dev.sem.pkg.QueryExecutor;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Runs a query in autocommit (pgpm {@code execute}); with {@code -Dsem.untilZero=true} repeats it until the first
 * column of its first row is 0, for batch jobs that return the rows left. Reports the iterations and the last value.
 *
 * @since 0.2.0
 */
@Mojo(name = "execute", requiresProject = false, threadSafe = true)
public class ExecuteMojo extends AbstractFleetMojo {

    /**
     * The query (one statement).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.query")
    protected String query;

    /**
     * Repeat until the first column of the first row is 0.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.untilZero", defaultValue = "false")
    protected boolean untilZero;

    /**
     * The most iterations with untilZero; the goal fails when it is reached.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.maxIterations", defaultValue = "10000")
    protected int maxIterations;

    /**
     * Milliseconds to pause between iterations.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.pause", defaultValue = "0")
    protected long pause;

    @Inject
    public ExecuteMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    @Override
    protected String goal() {
        return "execute";
    }

    @Override
    protected void doExecute() {
        if (pause < 0) {
            throw new SemException("-Dsem.pause must not be negative (milliseconds)");
        }
        var request = new QueryExecutor.Request(query, untilZero, maxIterations, Duration.ofMillis(pause));
        if (fleet()) {
            runFleet(new ExecuteOperation(request, engineLog()));
            return;
        }
        QueryExecutor.Result r = withConnection(c -> QueryExecutor.run(c, request, line -> getLog().info("  " + line)));
        getLog().info("Executed " + r.iterations() + " time(s); last value: "
                + (r.lastValue() == null ? "(none)" : r.lastValue())
                + (r.stopReason() == null ? "" : "; stopped: " + OptionFlags.render(r.stopReason())));
        writeReport(r);
        if (r.limitReached()) {
            throw new SemException(Message.text("untilZero did not reach 0: ").then(r.stopReason()));
        }
        if (untilZero && !r.reachedZero()) {
            getLog().warn("untilZero stopped before 0: " + OptionFlags.render(r.stopReason()));
        }
    }
}

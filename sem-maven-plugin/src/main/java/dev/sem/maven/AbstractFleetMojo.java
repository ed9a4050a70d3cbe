package dev.sem.maven;

import java.io.File;
import java.util.List;

import dev.sem.SemException;
import dev.sem.fleet.FleetOperation;
import dev.sem.fleet.FleetOptions;
import dev.sem.fleet.FleetReport;
import dev.sem.fleet.FleetRunner;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Base of the goals that run on one database or on a fleet ({@code apply}, {@code status}, {@code execute},
 * {@code deploy-package}): which databases a fleet holds, which of them to run on, and how.
 */
public abstract class AbstractFleetMojo extends AbstractConnectionMojo {

    /**
     * A fleet: a JSON file of database sets in pgpm's {@code connection_sets} format ({@code LIST} entries
     * {@code host, port, dbname, environment, product, unique_name}, or {@code RESDB} sets read from a resource
     * database). The goal then runs on every selected database instead of {@code sem.url}: preflight of all, then a
     * bounded parallel run, a summary and one JSON report entry per database. No passwords in the file.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.targets")
    protected File targetsFile;

    /**
     * A fleet declared in the POM instead of a file: {@code <targets><target><uniqueName>eu-1</uniqueName>
     * <host>db1</host><port>5432</port><dbname>shop</dbname><environment>prod</environment><product>shop</product>
     * </target></targets>}.
     *
     * @since 0.2.0
     */
    @Parameter
    protected List<FleetTarget> targets;

    /**
     * Fleets: keep the databases of this environment (pgpm's {@code set <environment> <product>}).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.environment")
    protected String environment;

    /**
     * Fleets: keep the databases of this product.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.product")
    protected String product;

    /**
     * Fleets: keep only these databases, by {@code unique_name} (comma-separated).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.only")
    protected List<String> only;

    /**
     * Fleets: every selected database except these, by {@code unique_name} (comma-separated).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.except")
    protected List<String> except;

    /**
     * Fleets across machines: this run's share of the selected databases, {@code i/n} (1-based), stable and
     * deterministic, so n runners (a CI matrix) cover every database exactly once without a coordinator.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.shard")
    protected String shard;

    /**
     * Fleets across machines: the number of shards when the index comes from {@code JOB_COMPLETION_INDEX} (a
     * Kubernetes Indexed Job, 0-based).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.shardCount")
    protected Integer shardCount;

    /**
     * Fleets: how many databases run at once.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.parallelism", defaultValue = "4")
    protected int parallelism;

    /**
     * Fleets: keep going after a database failed (default: fail fast, no new database starts after a failure). The
     * build fails if any database failed.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.continueOnError", defaultValue = "false")
    protected boolean continueOnError;

    /**
     * Fleets: skip the databases the preflight cannot reach instead of stopping the run.
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.skipUnreachable", defaultValue = "false")
    protected boolean skipUnreachable;

    protected AbstractFleetMojo(SettingsDecrypter settingsDecrypter) {
        super(settingsDecrypter);
    }

    /** Whether the goal runs on a fleet ({@code sem.targets} or {@code <targets>}) instead of one database. */
    protected boolean fleet() {
        return targetsFile != null || (targets != null && !targets.isEmpty());
    }

    /**
     * Runs {@code operation} on the selected targets: preflight, bounded parallel run, summary, JSON report; fails the
     * build if any target failed.
     */
    protected FleetReport runFleet(FleetOperation operation) {
        if (url != null || host != null || name != null) {
            throw new SemException(
                    "Give either -Dsem.url (one database) or -Dsem.targets/<targets> (a fleet), not" + " both");
        }
        FleetTargets.Selected selected = FleetTargets.select(this);
        FleetReport result = new FleetRunner(engineLog())
                .run(
                        selected.targets(),
                        t -> connectionSettings(null, t.host(), t.port(), t.dbname(), t.host(), false),
                        operation,
                        new FleetOptions(parallelism, !continueOnError, skipUnreachable))
                .withShard(selected.shard());
        writeReport(result);
        if (result.failed()) {
            throw new SemException(FleetTargets.failure(operation.goal(), result));
        }
        return result;
    }
}

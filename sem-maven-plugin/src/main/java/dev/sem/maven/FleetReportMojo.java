package dev.sem.maven;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import dev.sem.SemException;
import dev.sem.fleet.FleetReport;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Merges the JSON reports of the shards of a fleet run ({@code -Dsem.shard=i/n} on several machines, each with
 * {@code -Dsem.report}) into one fleet report: every database once, totals recomputed. Fails when a shard report is
 * missing or unreadable, when the reports are of different goals or a database appears twice, and when any database
 * failed.
 *
 * @since 0.2.0
 */
@Mojo(name = "fleet-report", requiresProject = false, threadSafe = true)
public class FleetReportMojo extends AbstractSemMojo {

    /**
     * The shard reports to merge (comma-separated paths).
     *
     * @since 0.2.0
     */
    @Parameter(property = "sem.reports", required = true)
    protected List<File> reports;

    @Override
    protected String goal() {
        return "fleet-report";
    }

    @Override
    protected void doExecute() {
        if (reports == null || reports.isEmpty()) {
            throw new SemException("Give the shard reports to merge: -Dsem.reports=shard-1.json,shard-2.json");
        }
        List<FleetReport> shards = new ArrayList<>();
        for (File f : reports) {
            shards.add(FleetReport.read(f.toPath()));
        }
        FleetReport merged = FleetReport.merge(shards);
        FleetTargets.summary(merged).forEach(getLog()::info);
        writeReport(merged);
        if (merged.failed()) {
            throw new SemException(FleetTargets.failure(merged.goal(), merged));
        }
    }
}

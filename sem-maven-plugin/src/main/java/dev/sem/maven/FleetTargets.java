package dev.sem.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.SemException;
import dev.sem.fleet.FleetReport;
import dev.sem.fleet.FleetRunner;
import dev.sem.fleet.Selection;
import dev.sem.fleet.Shard;
import dev.sem.fleet.Target;
import dev.sem.fleet.TargetFile;
import tools.jackson.databind.json.JsonMapper;

/** Maps the fleet parameters of a database goal to the engine's targets and selection. */
final class FleetTargets {

    /** The environment variable of a Kubernetes Indexed Job's pod index (0-based). */
    static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FleetTargets() {}

    /**
     * The selected targets.
     *
     * @param targets in the file's order
     * @param shard {@code i/n}, or null without sharding
     */
    record Selected(List<Target> targets, String shard) {}

    static Selected select(AbstractFleetMojo m) {
        if (m.targetsFile != null && m.targets != null && !m.targets.isEmpty()) {
            throw new SemException("Give either -Dsem.targets=<file> or <targets> in the POM, not both");
        }
        TargetFile file = m.targetsFile != null
                ? TargetFile.read(m.targetsFile.toPath())
                : TargetFile.parse("pom.xml <targets>", pomTargets(m.targets));
        Shard shard = shard(m.shard, m.shardCount, System.getenv(JOB_COMPLETION_INDEX));
        Selection selection = new Selection(m.environment, m.product, names(m.only), names(m.except), shard);
        List<Target> targets = file.select(selection, m::resourceDatabase);
        m.getLog()
                .info("Fleet: " + targets.size() + " database(s) selected"
                        + (selection.describe().isEmpty() ? "" : " (" + selection.describe() + ")") + ", parallelism "
                        + m.parallelism + (m.continueOnError ? ", continue on error" : ", fail fast"));
        return new Selected(targets, shard == null ? null : shard.toString());
    }

    /** The shard: {@code sem.shard}, else {@code JOB_COMPLETION_INDEX} of {@code sem.shardCount}, else none. */
    static Shard shard(String text, Integer count, String jobIndex) {
        if (text != null && !text.isBlank()) {
            if (count != null) {
                throw new SemException(
                        "Give either -Dsem.shard=i/n or -Dsem.shardCount=n (with JOB_COMPLETION_INDEX)," + " not both");
            }
            return withFlag(() -> Shard.parse(text));
        }
        if (count == null) {
            return null;
        }
        if (jobIndex == null || !jobIndex.strip().matches("\\d{1,9}")) {
            throw new SemException("-Dsem.shardCount=" + count + " takes the shard index from " + JOB_COMPLETION_INDEX
                    + " (a Kubernetes Indexed Job), which is " + (jobIndex == null ? "not set" : "'" + jobIndex + "'")
                    + "; outside such a job give -Dsem.shard=i/n");
        }
        return withFlag(() -> Shard.fromIndex(Integer.parseInt(jobIndex.strip()), count));
    }

    private static Shard withFlag(java.util.function.Supplier<Shard> parse) {
        try {
            return parse.get();
        } catch (SemException e) {
            throw new SemException("-Dsem." + e.getMessage(), e);
        }
    }

    private static List<String> names(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            for (String v : values) {
                for (String part : v.split(",")) {
                    if (!part.isBlank()) {
                        out.add(part.strip());
                    }
                }
            }
        }
        return out;
    }

    /** The POM's targets as one LIST set named {@code pom}, in the targets file's JSON format. */
    static byte[] pomTargets(List<FleetTarget> targets) {
        List<Map<String, Object>> payload = new ArrayList<>();
        for (FleetTarget t : targets) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("host", t.host);
            entry.put("port", t.port);
            entry.put("dbname", t.dbname);
            entry.put("environment", t.environment);
            entry.put("product", t.product);
            entry.put("unique_name", t.uniqueName);
            entry.values().removeIf(java.util.Objects::isNull);
            payload.add(entry);
        }
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("name", "pom");
        set.put("type", "LIST");
        set.put("payload", payload);
        return JSON.writeValueAsBytes(Map.of("connection_sets", List.of(set)));
    }

    /** The summary lines of a fleet report. */
    static List<String> summary(FleetReport report) {
        return FleetRunner.summary(report);
    }

    /** The build failure of a fleet run: the preflight's refusal, or how many failed and each one's reason. */
    static String failure(String goal, FleetReport report) {
        if (report.preflight().outcome() == FleetReport.PreflightOutcome.REFUSED) {
            return "sem:" + goal + " was refused by the preflight: "
                    + report.preflight().reason();
        }
        List<String> failed = report.targets().stream()
                .filter(t -> t.status() == FleetReport.Status.FAILED)
                .map(t -> t.label() + ": " + t.error())
                .toList();
        return "sem:" + goal + " failed on " + failed.size() + " of "
                + report.targets().size() + " database(s):\n  " + String.join("\n  ", failed);
    }
}

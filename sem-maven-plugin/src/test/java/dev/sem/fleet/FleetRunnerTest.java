package dev.sem.fleet;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.TestConnections;
import dev.sem.fleet.FleetReport.PreflightOutcome;
import dev.sem.fleet.FleetReport.Status;
import dev.sem.fleet.FleetReport.TargetResult;
import dev.sem.report.JsonReports;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class FleetRunnerTest {

    private static final int SIZE = 20;
    private static final String S1 = "20260101-000001.sql";
    private static final String S2 = "20260101-000002.sql";
    private static final String S3 = "20260101-000003.sql";

    /** Up to date before the run: the first five. */
    private static final int UP_TO_DATE = 5;

    /** The database where the third script fails (its table already exists). */
    private static final int FAILING = 10;

    @TempDir
    Path tmp;

    private final List<TestFleet> fleets = new ArrayList<>();
    private final CollectingLog log = new CollectingLog();

    @AfterEach
    void dropDatabases() throws SQLException {
        for (TestFleet f : fleets) {
            f.close();
        }
    }

    private Path base() {
        Map<String, String> scripts = new LinkedHashMap<>();
        scripts.put(S1, "create table a (id int primary key);\n");
        scripts.put(S2, "create table b (id int primary key);\ninsert into b values (1);\n");
        scripts.put(S3, "create table c (id int primary key);\n");
        return TestFleet.repo(tmp.resolve("repo"), scripts);
    }

    private TestFleet fleet(TestDatabase db) throws SQLException {
        TestFleet f = new TestFleet(db.server()).create(SIZE);
        fleets.add(f);
        return f;
    }

    /** The first five up to date, one where the last script fails, the others pending. */
    private TestFleet mixedFleet(TestDatabase db, Path base) throws SQLException {
        TestFleet f = fleet(db);
        for (int i = 0; i < UP_TO_DATE; i++) {
            new Applier(TestConnections.settings(f.db(i)), EngineLog.silent()).apply(base, ApplyOptions.defaults());
        }
        TestFleet.exec(f.db(FAILING), "create table c (id int primary key)");
        return f;
    }

    private FleetReport run(TestFleet f, Path base, FleetOptions options) {
        return run(f, f.targets, base, options);
    }

    private FleetReport run(TestFleet f, List<Target> targets, Path base, FleetOptions options) {
        return new FleetRunner(log)
                .run(targets, f::settings, new ApplyOperation(base, ApplyOptions.defaults(), log), options);
    }

    @Test
    void failFastStartsNoTargetAfterTheFirstFailure(TestDatabase db) throws SQLException {
        Path base = base();
        TestFleet f = mixedFleet(db, base);

        FleetReport report = run(f, base, new FleetOptions(1, true, false));

        assertThat(report.failed()).isTrue();
        assertThat(report.preflight().outcome()).isEqualTo(PreflightOutcome.PASSED);
        List<TargetResult> r = report.targets();
        assertThat(r).extracting(TargetResult::label).containsExactlyElementsOf(labels(f));
        for (int i = 0; i < SIZE; i++) {
            Status expected = i < UP_TO_DATE
                    ? Status.UP_TO_DATE
                    : i < FAILING ? Status.CHANGED : i == FAILING ? Status.FAILED : Status.SKIPPED;
            assertThat(r.get(i).status()).as(r.get(i).label()).isEqualTo(expected);
        }
        assertThat(r.get(0).summary()).isEqualTo("up to date");
        assertThat(r.get(UP_TO_DATE).summary()).isEqualTo("applied 3 scripts");
        assertThat(r.get(UP_TO_DATE).changes()).isEqualTo(3);
        assertThat(r.get(FAILING).error())
                .contains(S3)
                .contains("already exists")
                .doesNotContain("\n");
        assertThat(r.get(FAILING).report())
                .as("the apply report of the failed target")
                .isNotNull();
        assertThat(r.get(FAILING + 1).summary()).isEqualTo("not started after a failure (fail fast)");
        assertThat(report.totals())
                .isEqualTo(new FleetReport.Totals(SIZE, FAILING - UP_TO_DATE, UP_TO_DATE, 1, SIZE - FAILING - 1, 17));

        List<List<String>> histories = f.histories();
        for (int i = 0; i < SIZE; i++) {
            if (i < FAILING) {
                assertThat(histories.get(i)).containsExactly(S1, S2, S3);
            } else if (i == FAILING) {
                assertThat(histories.get(i)).containsExactly(S1, S2);
            } else {
                assertThat(histories.get(i)).as("untouched after the failure").isEmpty();
            }
        }
        assertThat(log.lines)
                .contains("ERROR [11/20] db-11 FAILED: " + r.get(FAILING).error() + " ("
                        + r.get(FAILING).durationMillis() + " ms)");
        assertThat(log.lines).anyMatch(l -> l.matches("INFO \\[1/20] db-01 up to date \\(\\d+ ms\\)"));
        assertThat(log.lines).anyMatch(l -> l.matches("INFO \\[6/20] db-06 applied 3 scripts \\(\\d+ ms\\)"));
        assertThat(log.lines).noneMatch(l -> l.contains("[12/20]"));
        assertThat(log.text())
                .contains("ERROR Fleet apply: 20 target(s): 5 changed, 5 up to date, 1 failed, 9 skipped (")
                .contains("INFO   TARGET  STATUS      CHANGES    DURATION  DETAIL")
                .contains("INFO   db-12   SKIPPED           0        0 ms  not started after a failure (fail fast)");
    }

    @Test
    void continueOnErrorRunsEveryTargetAndParallelRunsGiveTheSameResults(TestDatabase db) throws SQLException {
        Path base = base();
        TestFleet sequential = mixedFleet(db, base);
        TestFleet parallel = mixedFleet(db, base);

        FleetReport one = run(sequential, base, new FleetOptions(1, false, false));
        FleetReport four = run(parallel, base, new FleetOptions(4, false, false));

        for (FleetReport report : List.of(one, four)) {
            assertThat(report.failed()).isTrue();
            assertThat(report.totals()).isEqualTo(new FleetReport.Totals(SIZE, 14, UP_TO_DATE, 1, 0, 44));
            assertThat(report.targets().get(FAILING).status()).isEqualTo(Status.FAILED);
        }
        assertThat(four.parallelism()).isEqualTo(4);
        assertThat(four.targets()).extracting(TargetResult::label).containsExactlyElementsOf(labels(parallel));
        assertThat(outcomes(four)).isEqualTo(outcomes(one));
        assertThat(parallel.histories()).isEqualTo(sequential.histories());
        List<List<String>> histories = sequential.histories();
        for (int i = 0; i < SIZE; i++) {
            if (i == FAILING) {
                assertThat(histories.get(i)).containsExactly(S1, S2);
            } else {
                assertThat(histories.get(i)).containsExactly(S1, S2, S3);
            }
        }
        // With several targets at once, each target's own lines are debug lines prefixed with its label.
        assertThat(log.lines).anyMatch(l -> l.startsWith("DEBUG [db-07] Applying " + S1 + " Done"));
        assertThat(log.lines).anyMatch(l -> l.startsWith("ERROR [db-11] ERROR applying script:"));
    }

    @Test
    void aChangedAppliedScriptOnOneTargetRefusesTheWholeRun(TestDatabase db) throws SQLException {
        Path base = base();
        TestFleet f = fleet(db);
        Path older = TestFleet.repo(tmp.resolve("older"), Map.of(S1, "create table a (id int primary key);\n"));
        for (int i = 0; i < SIZE; i += 2) {
            new Applier(TestConnections.settings(f.db(i)), EngineLog.silent()).apply(older, ApplyOptions.defaults());
        }
        Path tampered = TestFleet.repo(tmp.resolve("tampered"), Map.of(S1, "create table a (id bigint);\n"));
        new Applier(TestConnections.settings(f.db(7)), EngineLog.silent()).apply(tampered, ApplyOptions.defaults());
        List<List<String>> before = f.histories();
        List<Target> targets = new ArrayList<>(f.targets);
        targets.add(f.unreachable("gone", "pw"));

        FleetReport report = run(f, targets, base, new FleetOptions(4, false, true));

        assertThat(report.failed()).isTrue();
        assertThat(report.preflight().outcome()).isEqualTo(PreflightOutcome.REFUSED);
        assertThat(report.preflight().failed()).isEqualTo(1);
        assertThat(report.preflight().skipped()).isEqualTo(1);
        assertThat(report.preflight().reason())
                .isEqualTo("1 of 21 target(s) failed the preflight; nothing was changed on any target");
        assertThat(report.targets().get(SIZE).status()).isEqualTo(Status.SKIPPED);
        assertThat(report.targets().get(SIZE).summary()).startsWith("unreachable: Could not connect");
        TargetResult refused = report.targets().get(7);
        assertThat(refused.status()).isEqualTo(Status.FAILED);
        assertThat(refused.summary()).isEqualTo("preflight failed");
        assertThat(refused.error()).isEqualTo("1 applied script(s) changed: " + S1);
        for (int i = 0; i < SIZE; i++) {
            if (i != 7) {
                assertThat(report.targets().get(i).status()).isEqualTo(Status.SKIPPED);
                assertThat(report.targets().get(i).summary()).isEqualTo("not started");
            }
        }
        assertThat(report.sumOfTargetMillis()).isZero();
        assertThat(f.histories()).as("nothing applied anywhere").isEqualTo(before);
        assertThat(log.lines)
                .contains("ERROR preflight failed on db-08: 1 applied script(s) changed: " + S1)
                .anyMatch(l -> l.contains("REFUSED by the preflight"))
                .noneMatch(l -> l.matches(".*\\[\\d+/\\d+].*"));
    }

    @Test
    void anUnreachableTargetStopsTheRunUnlessSkipped(TestDatabase db) throws SQLException {
        Path base = base();
        TestFleet f = fleet(db);
        List<Target> targets = new ArrayList<>(f.targets);
        String password = "pw-Never-Printed-42";
        targets.add(10, f.unreachable("gone", password));

        FleetReport refused = run(f, targets, base, new FleetOptions(4, true, false));

        assertThat(refused.failed()).isTrue();
        assertThat(refused.preflight().outcome()).isEqualTo(PreflightOutcome.REFUSED);
        TargetResult gone = refused.targets().get(10);
        assertThat(gone.label()).isEqualTo("gone");
        assertThat(gone.status()).isEqualTo(Status.FAILED);
        assertThat(gone.error()).contains("Could not connect").doesNotContain(password);
        assertThat(f.histories()).allMatch(List::isEmpty);

        FleetReport skipped = run(f, targets, base, new FleetOptions(4, true, true));

        assertThat(skipped.failed()).isFalse();
        assertThat(skipped.preflight().outcome()).isEqualTo(PreflightOutcome.PASSED_SKIPPING_UNREACHABLE);
        assertThat(skipped.preflight().skipped()).isEqualTo(1);
        assertThat(skipped.targets().get(10).status()).isEqualTo(Status.SKIPPED);
        assertThat(skipped.targets().get(10).summary()).startsWith("unreachable: Could not connect");
        assertThat(skipped.totals()).isEqualTo(new FleetReport.Totals(SIZE + 1, SIZE, 0, 0, 1, 3 * SIZE));
        assertThat(f.histories()).allMatch(h -> h.equals(List.of(S1, S2, S3)));
        assertThat(log.text()).doesNotContain(password);
        assertThat(JsonReports.toJson(skipped)).doesNotContain(password);
    }

    @Test
    void statusReportsPendingAndChangedScripts(TestDatabase db) throws SQLException {
        Path base = base();
        TestFleet f = mixedFleet(db, base);

        FleetReport report = new FleetRunner(log)
                .run(
                        f.targets,
                        f::settings,
                        new StatusOperation(base, ApplyOptions.defaults(), log),
                        new FleetOptions(4, true, false));

        assertThat(report.goal()).isEqualTo("status");
        assertThat(report.failed()).isFalse();
        assertThat(report.targets().get(0).summary()).isEqualTo("0 pending, 0 changed");
        assertThat(report.targets().get(FAILING).summary()).isEqualTo("3 pending, 0 changed");
        assertThat(report.totals().upToDate()).isEqualTo(SIZE);
        assertThat(f.histories().subList(UP_TO_DATE, SIZE)).allMatch(List::isEmpty);
    }

    @Test
    void shardReportsMergeAndATargetInTwoShardsIsRefused(TestDatabase db) throws SQLException {
        Path base = base();
        TestFleet f = mixedFleet(db, base);
        FleetReport first = run(f, f.targets.subList(0, 12), base, new FleetOptions(2, false, false))
                .withShard("1/2");
        FleetReport second = run(f, f.targets.subList(12, SIZE), base, new FleetOptions(3, false, false))
                .withShard("2/2");
        JsonReports.write(tmp.resolve("reports/shard-1.json"), first);
        JsonReports.write(tmp.resolve("reports/shard-2.json"), second);

        FleetReport one = FleetReport.read(tmp.resolve("reports/shard-1.json"));
        FleetReport two = FleetReport.read(tmp.resolve("reports/shard-2.json"));

        assertThat(JsonReports.toJson(one)).isEqualTo(JsonReports.toJson(first));
        assertThat(one.targets().get(FAILING).error())
                .isEqualTo(first.targets().get(FAILING).error());
        FleetReport merged = FleetReport.merge(List.of(one, two));
        assertThat(merged.goal()).isEqualTo("apply");
        assertThat(merged.shard()).isEqualTo("1/2,2/2");
        assertThat(merged.targets()).extracting(TargetResult::label).containsExactlyElementsOf(labels(f));
        assertThat(merged.totals()).isEqualTo(new FleetReport.Totals(SIZE, 14, UP_TO_DATE, 1, 0, 44));
        assertThat(merged.failed()).isTrue();
        assertThat(merged.sumOfTargetMillis()).isEqualTo(first.sumOfTargetMillis() + second.sumOfTargetMillis());
        assertThat(merged.durationMillis()).isEqualTo(Math.max(first.durationMillis(), second.durationMillis()));
        JsonReports.write(tmp.resolve("reports/merged.json"), merged);
        assertThat(FleetReport.read(tmp.resolve("reports/merged.json")).totals())
                .isEqualTo(merged.totals());

        assertThatThrownBy(() -> FleetReport.merge(List.of(one, two, one)))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("db-01")
                .hasMessageContaining("more than one fleet report");
        FleetReport status = new FleetReport("status", null, 1, true, one.preflight(), null, 0, 0, List.of());
        assertThatThrownBy(() -> FleetReport.merge(List.of(one, status)))
                .isInstanceOf(SemException.class)
                .hasMessageContaining("different goals");
    }

    private static List<String> labels(TestFleet f) {
        return f.targets.stream().map(Target::label).toList();
    }

    private static List<String> outcomes(FleetReport report) {
        return report.targets().stream()
                .map(t -> t.label() + " " + t.status() + " " + t.changes() + " " + t.summary() + " "
                        + (t.error() == null ? "" : t.error().replaceAll("sem_test_\\d+_\\d+", "DB")))
                .toList();
    }
}

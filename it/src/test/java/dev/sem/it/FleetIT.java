package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static dev.sem.it.Databases.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fleets in real builds: {@code sem:apply} on a targets file selected by environment and product (one database up to
 * date, the others pending), shards {@code 1/2} and {@code 2/2} with their reports merged by {@code sem:fleet-report},
 * and a preflight refusal (an applied script edited) that leaves every database untouched.
 */
@ExtendWith(TestPostgres.class)
class FleetIT {

    @TempDir
    Path tmp;

    private final List<TestDatabase> fleet = new ArrayList<>();

    @AfterEach
    void dropFleet() throws Exception {
        for (TestDatabase d : fleet) {
            d.server().dropDatabase(d.name());
        }
    }

    @Test
    void applyShardMergeRefuseAndDeployAPackageOnAFleet(TestDatabase db, TestInfo info) throws Exception {
        Maven mvn = Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
        for (int i = 0; i < 4; i++) {
            fleet.add(db.server().createDatabase());
        }
        String hostPort = db.server().hostAndPort();
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        StringBuilder json = new StringBuilder(
                "{\"connection_sets\": [{\"name\": \"shop\", \"type\": \"LIST\"," + " \"payload\": [");
        for (int i = 0; i < fleet.size(); i++) {
            json.append(i == 0 ? "" : ", ")
                    .append("{\"unique_name\": \"shop-")
                    .append(i + 1)
                    .append("\", \"host\": \"")
                    .append(host)
                    .append("\", \"port\": ")
                    .append(port)
                    .append(", \"dbname\": \"")
                    .append(fleet.get(i).name())
                    .append("\", \"environment\": \"")
                    .append(i == 3 ? "staging" : "prod")
                    .append("\", \"product\": \"shop\"}");
        }
        json.append("]}]}");
        Path targets = Files.writeString(tmp.resolve("targets.json"), json);
        SchemaProject project = SchemaProject.fromTemplate(tmp.resolve("shop-db"), "dev.sem.it.fleet", "shop-db", "1")
                .script("20260101-090000.sql", "create table orders (id bigint primary key);\n")
                .script("20260101-090100.sql", "alter table orders add column total numeric;\n");
        List<String> select = List.of(
                "-Dsem.targets=" + targets, "-Dsem.environment=prod", "-Dsem.product=shop", "-Dsem.user=" + db.user());
        String apply = Maven.PLUGIN + ":apply";

        // shop-1 is up to date before the fleet run.
        mvn.run(project.dir(), apply, "-Dsem.url=" + Databases.semUrl(fleet.get(0)))
                .succeeded();

        // 1. The prod fleet: shop-1 up to date, shop-2 and shop-3 applied; shop-4 (staging) not selected.
        Maven.Build run = mvn.run(project.dir(), args(apply, select, "-Dsem.report=" + tmp.resolve("fleet.json")))
                .succeeded()
                .hasLine("[INFO] Fleet: 3 database(s) selected (environment=prod product=shop), parallelism 4, fail"
                        + " fast");
        run.lineMatching(
                Pattern.quote("[INFO] Fleet apply: 3 target(s): 2 changed, 1 up to date, 0 failed, 0 skipped") + " .*");
        run.lineMatching("\\[INFO\\]   shop-1 +UP_TO_DATE +0 +\\d+ ms  up to date");
        run.lineMatching("\\[INFO\\]   shop-2 +CHANGED +2 +\\d+ ms  applied 2 scripts");
        for (int i = 0; i < 3; i++) {
            assertThat(appliedScripts(fleet.get(i))).containsExactly("20260101-090000.sql", "20260101-090100.sql");
        }
        assertThat(Databases.hasHistory(fleet.get(3))).isFalse();
        assertThat(Files.readString(tmp.resolve("fleet.json")))
                .contains("\"label\" : \"shop-3\"")
                .contains("\"status\" : \"CHANGED\"");

        // 2. A new script, applied by two shards whose reports are merged.
        project.script("20260201-090000.sql", "create index orders_total on orders (total);\n");
        for (String shard : List.of("1/2", "2/2")) {
            mvn.run(
                            project.dir(),
                            args(
                                    apply,
                                    select,
                                    "-Dsem.shard=" + shard,
                                    "-Dsem.report=" + tmp.resolve("shard-" + shard.charAt(0) + ".json")))
                    .succeeded();
        }
        Maven.Build merged = mvn.run(
                        tmp,
                        Maven.PLUGIN + ":fleet-report",
                        "-Dsem.reports=" + tmp.resolve("shard-1.json") + "," + tmp.resolve("shard-2.json"),
                        "-Dsem.report=" + tmp.resolve("merged.json"))
                .succeeded();
        merged.lineMatching(Pattern.quote("[INFO] Fleet apply shard 1/2,2/2: 3 target(s): 3 changed, 0 up to date, 0"
                        + " failed, 0 skipped")
                + " .*");
        for (int i = 0; i < 3; i++) {
            assertThat(appliedScripts(fleet.get(i))).hasSize(3);
        }

        // 3. An applied script edited afterwards: the preflight refuses, nothing changes anywhere.
        project.script("20260101-090100.sql", "alter table orders add column total numeric(12, 2);\n");
        project.script("20260301-090000.sql", "create table customers (id bigint primary key);\n");
        Maven.Build refused = mvn.run(project.dir(), args(apply, select)).failed();
        refused.lineMatching(Pattern.quote(
                        "[ERROR] Failed to execute goal " + Maven.PLUGIN + ":apply (default-cli) on"
                                + " project shop-db: sem:apply was refused by the preflight: 3 of 3 target(s) failed the preflight;")
                + ".*");
        for (int i = 0; i < 3; i++) {
            assertThat(appliedScripts(fleet.get(i))).hasSize(3);
            assertThat(query(fleet.get(i), "SELECT to_regclass('customers') IS NULL"))
                    .containsExactly("t");
        }
    }

    private static String[] args(String goal, List<String> select, String... more) {
        List<String> all = new ArrayList<>();
        all.add(goal);
        all.addAll(select);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}

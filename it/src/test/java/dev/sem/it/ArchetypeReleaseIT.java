package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 1, a schema repository's whole life: generated from the archetype, two scripts added with {@code sem:add},
 * {@code verify} (validate, package, replay on a throwaway PostgreSQL), {@code install}, then a deployment without a
 * project applies the release by its coordinates to a fresh database, {@code sem:status} shows everything applied, and
 * a second apply has nothing to do.
 */
@ExtendWith(TestPostgres.class)
class ArchetypeReleaseIT {

    private static final String GROUP = "dev.sem.it.lifecycle";
    private static final String ARTIFACT = "billing";
    private static final String COORDINATES = GROUP + ":" + ARTIFACT + ":1.0.0";

    @TempDir
    Path tmp;

    @Test
    void generateAddVerifyInstallApplyStatusReapply(TestDatabase db, TestInfo info) throws Exception {
        Maven mvn = Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
        Path work = Files.createDirectories(tmp.resolve("work"));

        // 1. Generate.
        Maven.Build generate = mvn.run(
                        work,
                        "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
                        "-DarchetypeGroupId=dev.sem",
                        "-DarchetypeArtifactId=sem-archetype",
                        "-DarchetypeVersion=" + Maven.SEM_VERSION,
                        "-DgroupId=" + GROUP,
                        "-DartifactId=" + ARTIFACT,
                        "-Dversion=1.0.0",
                        "-DpostgresVersion=" + System.getProperty("sem.test.postgres", "17"),
                        "-DinteractiveMode=false")
                .succeeded();
        SchemaProject project = SchemaProject.existing(work.resolve(ARTIFACT));
        assertThat(project.dir().resolve("pom.xml")).isRegularFile();
        step(
                1,
                "generated " + COORDINATES + " from dev.sem:sem-archetype:" + Maven.SEM_VERSION + " in "
                        + project.dir(),
                generate);
        List<String> generated = project.scriptNames();
        // The archetype made it a git repository with everything committed: sem:package packages HEAD's scripts.
        assertThat(project.git("status", "--porcelain")).isEmpty();
        assertThat(project.git("rev-list", "--count", "HEAD").strip()).isEqualTo("1");

        // 2. Two scripts, as a developer adds them: one started by sem:add, one written first and moved in.
        Maven.Build addFirst = mvn.run(project.dir(), "sem:add", "-Dsem.description=Create customers")
                .succeeded();
        String customers = added(project, generated);
        Files.writeString(
                project.scripts().resolve(customers),
                Files.readString(project.scripts().resolve(customers))
                        + "create table customers (id bigint primary key, name text not null);\n");
        Files.writeString(
                project.dir().resolve("orders.sql"),
                "create table orders (id bigint primary key, customer bigint not null references customers);\n");
        List<String> before = project.scriptNames();
        Maven.Build addSecond =
                mvn.run(project.dir(), "sem:add", "-Dsem.file=orders.sql").succeeded();
        String orders = added(project, before);
        step(
                2,
                "added " + customers + " (sem:add -Dsem.description) and " + orders + " (sem:add -Dsem.file)",
                addFirst,
                addSecond);
        assertThat(project.dir().resolve("orders.sql")).doesNotExist();
        project.commit("Customers and orders").tag("1.0.0");
        List<String> scripts = project.scriptNames();
        assertThat(scripts).hasSize(generated.size() + 2).endsWith(customers, orders);

        // 3. verify: the scripts replay on a throwaway PostgreSQL.
        Maven.Build verify = mvn.run(project.dir(), "verify").succeeded();
        String verified =
                verify.lineMatching("\\[INFO\\] sem:verify: " + scripts.size() + " script\\(s\\) apply cleanly on .*");
        step(3, "verified: " + verified.substring("[INFO] ".length()), verify);
        assertThat(Files.readString(project.dir().resolve("target/sem-verify/schema.sql")))
                .contains("customers")
                .contains("orders");

        // 4. install.
        Maven.Build install = mvn.run(project.dir(), "install").succeeded();
        assertThat(Maven.LOCAL_REPOSITORY.resolve("dev/sem/it/lifecycle/billing/1.0.0/billing-1.0.0-scripts.tar.gz"))
                .isRegularFile();
        step(4, "installed " + GROUP + ":" + ARTIFACT + ":tar.gz:scripts:1.0.0 into the local repository", install);

        // 5. A deployment: no project, the release by its coordinates, a fresh database.
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        String url = semUrl(db);
        Maven.Build apply = mvn.run(
                        deploy, Maven.PLUGIN + ":apply", "-Dsem.artifact=" + COORDINATES, "-Dsem.url=" + url)
                .succeeded()
                .hasLine("[INFO] Verified sem-manifest.json: every script matches its SHA-256 and the chained hash")
                .hasLine("[INFO] Upgrading schema for " + url)
                .hasLine("[INFO]   Recorded schema version 1.0.0");
        for (int i = 0; i < scripts.size(); i++) {
            apply.lineMatching("\\[INFO\\] Applying " + scripts.get(i).replace(".", "\\.") + " Done \\(" + (i + 1) + "/"
                    + scripts.size() + ", \\d+ ms\\)");
        }
        assertThat(appliedScripts(db)).containsExactlyElementsOf(scripts);
        assertThat(Databases.query(db, "SELECT to_regclass('orders') IS NOT NULL"))
                .containsExactly("t");
        step(
                5,
                "applied " + scripts.size() + " scripts of " + COORDINATES + " to " + url
                        + " (no project, by coordinates)",
                apply);
        apply.lines(l -> l.contains("] Applying ")).forEach(l -> System.out.println("[sem-e2e]     " + l));

        // 6. status: everything applied.
        Maven.Build status = mvn.run(
                        deploy, Maven.PLUGIN + ":status", "-Dsem.artifact=" + COORDINATES, "-Dsem.url=" + url)
                .succeeded();
        List<String> expected = new ArrayList<>();
        for (String s : scripts) {
            expected.add(String.format("[INFO]   %-22s %s", "previously-applied", s));
        }
        assertThat(status.linesStartingWith("[INFO]   ").stream()
                        .filter(l -> l.matches("\\[INFO\\]   \\S+ +\\d{8}-\\d{6}\\.sql.*"))
                        .toList())
                .containsExactlyElementsOf(expected);
        status.lineMatching(java.util.regex.Pattern.quote("[INFO] sem:status on " + url + ": " + scripts.size()
                        + " applied, 0 pending, 0 changed, 0 late; deployed version 1.0.0; ")
                + "\\d+ ms");

        step(6, "sem:status of " + COORDINATES + " on " + url, status);
        status.lines(l -> l.startsWith("[INFO]   ") || l.startsWith("[INFO] sem:status"))
                .forEach(l -> System.out.println("[sem-e2e]     " + l));

        // 7. Applying again changes nothing.
        Maven.Build again = mvn.run(
                        deploy, Maven.PLUGIN + ":apply", "-Dsem.artifact=" + COORDINATES, "-Dsem.url=" + url)
                .succeeded()
                .hasLine("[INFO]   All scripts have been previously applied");
        assertThat(again.lines(l -> l.contains("Applying "))).isEmpty();
        step(7, "applied again: nothing to do", again);
        again.lines(l -> l.startsWith("[INFO] Upgrading") || l.startsWith("[INFO]   All"))
                .forEach(l -> System.out.println("[sem-e2e]     " + l));
        assertThat(appliedScripts(db)).containsExactlyElementsOf(scripts);
        System.out.println(
                "[sem-e2e] the full log of each build: " + again.logFile().getParent());
    }

    /** Prints a step of the scenario with its key line and the time its builds took. */
    private static void step(int n, String what, Maven.Build... builds) {
        long ms = 0;
        for (Maven.Build b : builds) {
            ms += b.duration().toMillis();
        }
        System.out.printf("[sem-e2e] %d/7 %s (%.1f s)%n", n, what, ms / 1000.0);
    }

    /** The one script {@code sem:add} added to {@code before}. */
    private static String added(SchemaProject project, List<String> before) {
        List<String> now = new ArrayList<>(project.scriptNames());
        now.removeAll(before);
        assertThat(now).as("scripts added by sem:add").hasSize(1);
        return now.get(0);
    }
}

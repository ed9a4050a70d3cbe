package dev.sem.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.apply.ApplyChild;
import dev.sem.pkg.DeployChild;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight separate JVMs (not threads) run the same apply, and the same package deploy, on one database at once: each
 * script and each package is applied or deployed by exactly one of them, the others wait on the lock and then find
 * nothing to do, and every process exits 0.
 */
@Tag("chaos")
@ExtendWith(TestPostgres.class)
class ConcurrentProcessesTest {

    private static final int PROCESSES = 8;
    private static final Pattern APPLIED = Pattern.compile("^Applying (\\S+) Done \\(", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    @Test
    void eightProcessesApplyEachOfAHundredScriptsExactlyOnce(TestDatabase db) throws Exception {
        Path scripts = Files.createDirectories(tmp.resolve("repo").resolve("scripts"));
        // The first script sleeps a little, so that the processes, which start a few hundred ms apart, overlap.
        Files.writeString(
                scripts.resolve("20260101-000000.sql"),
                "create table hits (script text not null);\nselect pg_sleep(1);\n",
                StandardCharsets.UTF_8);
        for (int i = 1; i <= 99; i++) {
            String name = String.format("20260101-%06d.sql", i);
            Files.writeString(
                    scripts.resolve(name), "insert into hits values ('" + name + "');", StandardCharsets.UTF_8);
        }
        List<String> outputs =
                run(db, ApplyChild.class.getName(), tmp.resolve("repo").toString(), "apply");

        Map<String, Integer> appliedBy = new HashMap<>();
        int applyingRuns = 0;
        int upToDate = 0;
        int waited = 0;
        for (int i = 0; i < outputs.size(); i++) {
            String out = outputs.get(i);
            Matcher m = APPLIED.matcher(out);
            int n = 0;
            while (m.find()) {
                appliedBy.merge(m.group(1), 1, Integer::sum);
                n++;
            }
            applyingRuns += n > 0 ? 1 : 0;
            if (n == 0) {
                assertThat(out).as("process " + i).contains("  All scripts have been previously applied");
                upToDate++;
            }
            waited += out.contains("Waiting for the sem apply lock held by pid") ? 1 : 0;
        }
        int duplicates = (int) appliedBy.values().stream().filter(n -> n > 1).count();
        assertThat(appliedBy).hasSize(100);
        assertThat(duplicates).isZero();
        assertThat(applyingRuns).as("processes that applied scripts").isEqualTo(1);
        assertThat(upToDate).isEqualTo(PROCESSES - 1);
        assertThat(waited).as("processes that waited on the lock").isPositive();
        assertThat(strings(db, "SELECT filename FROM schema_evolution_manager.scripts"))
                .hasSize(100)
                .doesNotHaveDuplicates();
        assertThat(strings(db, "SELECT script FROM hits")).hasSize(99).doesNotHaveDuplicates();
        System.out.println("[sem-chaos] concurrency: " + PROCESSES + " processes x 100 scripts: applied once each,"
                + " duplicates=" + duplicates + ", failures=0, waited=" + waited);
    }

    @Test
    void eightProcessesDeployTheSamePackageAndItsDependencyOnce(TestDatabase db) throws Exception {
        List<String> outputs = run(db, DeployChild.class.getName(), null, "deploy");

        int dependencyDeployed = 0;
        int dependencyAlready = 0;
        int tableScriptRun = 0;
        int waited = 0;
        for (int i = 0; i < outputs.size(); i++) {
            String out = outputs.get(i);
            boolean deployed = out.contains("Deployed 2 files out of 2 into schema chaos_base_1_0_0");
            boolean already = out.contains("chaos_base 1.0.0 is already deployed (satisfies 1_x");
            assertThat(deployed ^ already).as("process " + i + ": " + out).isTrue();
            dependencyDeployed += deployed ? 1 : 0;
            dependencyAlready += already ? 1 : 0;
            assertThat(out).as("process " + i).containsPattern("RESULT Deployed \\d files out of 2");
            tableScriptRun += out.contains("RESULT Deployed 2 files out of 2") ? 1 : 0;
            // Started to deploy it, waited for the registry lock, then found it deployed by the winner.
            waited += out.contains("; deployed meanwhile by another run)") ? 1 : 0;
        }
        assertThat(dependencyDeployed).isEqualTo(1);
        assertThat(dependencyAlready).isEqualTo(PROCESSES - 1);
        assertThat(tableScriptRun)
                .as("processes that ran the package's table script")
                .isEqualTo(1);
        assertThat(strings(db, "SELECT name || ' ' || schema_name FROM sem_packages.packages WHERE status = 'active'"))
                .containsExactlyInAnyOrder("chaos_base chaos_base_1_0_0", "chaos_app chaos_app_1_0_0");
        assertThat(strings(db, "SELECT path FROM sem_packages.table_scripts"))
                .containsExactlyInAnyOrder("tables/001_hits.sql", "tables/001_events.sql");
        System.out.println("[sem-chaos] concurrency: " + PROCESSES + " processes deploy-package (chaos_app 1_0_0"
                + " overwrite, with dependency chaos_base 1_0_0): dependency deployed once, already deployed "
                + dependencyAlready + "x, table script run once, duplicates=0, failures=0, waited on the lock for the"
                + " dependency=" + waited);
    }

    /** Starts {@link #PROCESSES} child JVMs at once, waits for all, asserts each exited 0, returns their output. */
    private List<String> run(TestDatabase db, String mainClass, String baseDir, String what) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            // Eight JVMs starting at once on a small, busy machine: give the login more than the default 10 s.
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "connectTimeout=120";
            List<String> command = new ArrayList<>(List.of(java, "-cp", cp, mainClass, url, db.user()));
            if (baseDir != null) {
                command.add(baseDir);
            }
            command.add("300"); // lock wait, seconds
            Path log = tmp.resolve(what + "-" + i + ".log");
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (db.password() != null) {
                pb.environment().put("SEM_TEST_PASSWORD", db.password());
            }
            children.add(pb.start());
            logs.add(log);
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Process p = children.get(i);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                children.forEach(Process::destroyForcibly);
                p.waitFor();
            }
            String out = Files.readString(logs.get(i), StandardCharsets.UTF_8);
            assertThat(p.exitValue())
                    .as(what + " process " + i + " exit code; output:\n" + out)
                    .isZero();
            outputs.add(out);
        }
        return outputs;
    }

    private static List<String> strings(TestDatabase db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

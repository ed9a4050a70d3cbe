package dev.sem.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.sem.SemException;
import dev.sem.apply.Applier;
import dev.sem.apply.ApplyOptions;
import dev.sem.apply.ApplyReport;
import dev.sem.apply.TestConnections;
import dev.sem.db.ConnectionSettings;
import dev.sem.db.SessionProbe;
import dev.sem.pkg.DeployChild;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.DeployResult;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.PgBouncer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * sem behind a real PgBouncer, started by the test: a pool in transaction or statement mode shares server sessions,
 * so the session-level locks would not hold; sem refuses with one line and changes nothing. A session-mode pool works
 * as a direct connection does.
 */
@Tag("chaos")
@ExtendWith(TestPostgres.class)
class PoolerTest {

    @TempDir
    Path tmp;

    private static final List<String> REFUSED = new ArrayList<>();

    @Test
    void transactionAndStatementPoolingRefuseApplyStatusAndDeployPackageChangingNothing(TestDatabase db)
            throws Exception {
        Path base = scripts(tmp, 2);
        for (String mode : List.of("transaction", "statement")) {
            try (PgBouncer bouncer = PgBouncer.start(db.server(), mode)) {
                ConnectionSettings settings =
                        TestConnections.settings(bouncer.jdbcUrl(db.name()), db.user(), db.password());
                String refusal = SessionProbe.refusal(settings.sanitizedUrl());
                assertThat(refusal).contains(bouncer.hostAndPort()).doesNotContain("\n");
                Applier applier = new Applier(settings, new CollectingLog());

                assertThatThrownBy(() -> applier.apply(base, ApplyOptions.defaults()))
                        .isExactlyInstanceOf(SemException.class)
                        .hasMessage(refusal)
                        .satisfies(e ->
                                assertThat(((SemException) e).isUserError()).isTrue());
                assertThatThrownBy(() -> applier.status(base, ApplyOptions.defaults()))
                        .hasMessage(refusal);
                assertThatThrownBy(() -> DeployChild.deploy(settings, DeployOptions.defaults(), new CollectingLog()))
                        .isExactlyInstanceOf(SemException.class)
                        .hasMessage(refusal);
                REFUSED.add(mode);
            }
            assertThat(
                            count(
                                    db,
                                    "SELECT count(*) FROM pg_namespace WHERE nspname IN"
                                            + " ('schema_evolution_manager', 'sem_packages', 'chaos_base_1_0_0', 'chaos_app_1_0_0')"))
                    .isZero();
            assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"))
                    .isZero();
        }
        System.out.println("[sem-chaos] " + version() + ": " + String.join(" and ", REFUSED)
                + " mode refused (apply, status, deploy-package); message: " + SessionProbe.refusal("<url>"));
    }

    @Test
    void sessionPoolingAppliesReportsStatusAndDeploysAsADirectConnectionDoes(TestDatabase db) throws Exception {
        Path base = scripts(tmp, 2);
        try (PgBouncer bouncer = PgBouncer.start(db.server(), "session")) {
            ConnectionSettings settings =
                    TestConnections.settings(bouncer.jdbcUrl(db.name()), db.user(), db.password());
            CollectingLog log = new CollectingLog();
            Applier applier = new Applier(settings, log);

            ApplyReport first = applier.apply(base, ApplyOptions.defaults());
            ApplyReport again = applier.apply(base, ApplyOptions.defaults());
            ApplyReport status = applier.status(base, ApplyOptions.defaults());
            DeployResult deployed = DeployChild.deploy(settings, DeployOptions.defaults(), log);

            assertThat(first.withStatus("applied")).hasSize(4);
            assertThat(again.withStatus("applied")).isEmpty();
            assertThat(log.text()).contains("  All scripts have been previously applied");
            assertThat(status.withStatus("previously-applied")).hasSize(4);
            assertThat(status.withStatus("pending")).isEmpty();
            assertThat(deployed.success()).isTrue();
            assertThat(deployed.schema()).isEqualTo("chaos_app_1_0_0");
            System.out.println("[sem-chaos] " + version() + ": session mode applied "
                    + first.withStatus("applied").size()
                    + " scripts (single and none), then nothing pending; status and deploy-package worked");
        }
        assertThat(count(db, "SELECT count(*) FROM schema_evolution_manager.scripts"))
                .isEqualTo(4);
        assertThat(count(db, "SELECT count(*) FROM hits")).isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'hits_note'"))
                .isEqualTo(1);
        assertThat(count(db, "SELECT count(*) FROM sem_packages.packages WHERE status = 'active'"))
                .isEqualTo(2);
    }

    /** A table, {@code n - 1} inserts in single transactions, and a {@code transaction = none} script. */
    private static Path scripts(Path tmp, int inserts) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("repo").resolve("scripts"));
        Files.writeString(
                dir.resolve("20260101-000000.sql"),
                "create table hits (script text not null, note text);",
                StandardCharsets.UTF_8);
        for (int i = 1; i <= inserts; i++) {
            String name = String.format("20260101-%06d.sql", i);
            Files.writeString(dir.resolve(name), "insert into hits values ('" + name + "');", StandardCharsets.UTF_8);
        }
        Files.writeString(
                dir.resolve("20260102-000000.sql"),
                "-- sem.attribute.transaction = none\ncreate index concurrently hits_note on hits (note);\n",
                StandardCharsets.UTF_8);
        return dir.getParent();
    }

    static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code pgbouncer 1.18}, from the binary. */
    static String version() throws Exception {
        Process p = new ProcessBuilder(PgBouncer.BINARY.toString(), "-V")
                .redirectErrorStream(true)
                .start();
        String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("PgBouncer ?");
        p.waitFor();
        return first.replace("PgBouncer ", "pgbouncer ").replaceAll("\\.0$", "");
    }
}

package dev.sem.pkg;

import java.sql.Connection;
import java.util.Map;

import dev.sem.db.ConnectionSettings;
import dev.sem.report.JsonReports;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sem.pkg.TestPackages.deploy;
import static dev.sem.pkg.TestPackages.one;
import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pgpm defects of spec §17 about what a deploy leaves behind outside the package: 43 (pgpm installed a DDL event
 * trigger that logged every statement of everyone, and needed superuser) and 44 (connection strings printed and logged
 * with their password).
 */
@ExtendWith(TestPostgres.class)
class PackageDeploySecretsTest {

    @Test
    void defect43_noDdlEventTriggerIsInstalledByTheRegistryOrADeploy(TestDatabase db) throws Exception {
        deploy(
                db,
                pkg("quiet", "1_0_0").functions("functions/f.sql", "SELECT 1;").build());
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT count(*) FROM sem_packages.packages")).isEqualTo("1");
            assertThat(one(c, "SELECT count(*) FROM pg_event_trigger")).isEqualTo("0");
        }
    }

    @Test
    void defect44_aPasswordInTheConnectionStringIsNeverLoggedReportedNorRecorded(TestDatabase db) throws Exception {
        String url = db.jdbcUrl();
        String hostPort = url.substring("jdbc:postgresql://".length(), url.lastIndexOf('/'));
        // The embedded server trusts the test user, so any password connects; an external one needs the real one.
        String secret = db.password() != null ? db.password() : "pw-never-shown-7f3a";
        String keyValue = "host=" + hostPort.substring(0, hostPort.lastIndexOf(':')) + " port="
                + hostPort.substring(hostPort.lastIndexOf(':') + 1) + " dbname=" + db.name() + " user=" + db.user()
                + " password=" + secret;
        ConnectionSettings s = ConnectionSettings.builder(keyValue)
                .env(Map.of())
                .userHome(null)
                .build();
        CollectingLog log = new CollectingLog();
        DeployResult ok = new PackageDeployer(s, log)
                .deploy(
                        pkg("secretive", "1_0_0")
                                .functions("functions/f.sql", "SELECT 1;")
                                .build(),
                        DeployOptions.defaults());
        assertThat(ok.success()).isTrue();
        assertThatThrownBy(() -> new PackageDeployer(s, log)
                        .deploy(
                                pkg("secretive", "1_0_0")
                                        .functions("functions/f.sql", "SELECT 1;")
                                        .build(),
                                DeployOptions.defaults()))
                .isInstanceOf(PackageDeployer.DeployFailedException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(secret);
                    assertThat(JsonReports.toJson(((PackageDeployer.DeployFailedException) e).result()))
                            .doesNotContain(secret);
                });
        assertThat(log.lines).isNotEmpty().noneMatch(l -> l.contains(secret));
        assertThat(ok.target()).contains("password=[REDACTED]").doesNotContain(secret);
        assertThat(JsonReports.toJson(ok)).doesNotContain(secret);
        try (Connection c = db.connect()) {
            assertThat(one(c, "SELECT string_agg(coalesce(target, ''), ' ') FROM sem_packages.events"))
                    .contains("[REDACTED]")
                    .doesNotContain(secret);
        }
    }
}

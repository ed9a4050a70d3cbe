package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.query;
import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sem:deploy-package} without a project: a pgpm package directory deployed by {@code -Dsem.package}, a second
 * safe deploy refused, an unknown mode refused before connecting, and a moderate redeploy with the JSON report.
 */
@ExtendWith(TestPostgres.class)
class PackageDeployIT {

    @TempDir
    Path tmp;

    @Test
    void aPackageDirectoryIsDeployedAndASecondSafeDeployFails(TestDatabase db, TestInfo info) throws Exception {
        Maven mvn = Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
        Path pkg = Files.createDirectories(tmp.resolve("orders_api"));
        Files.createDirectories(pkg.resolve("tables"));
        Files.createDirectories(pkg.resolve("functions"));
        Files.writeString(
                pkg.resolve("config.json"),
                "{\"name\": \"orders_api\", \"subclass\": \"versioned\","
                        + " \"version\": \"01_00_00\", \"tables_path\": \"tables\", \"functions_path\": \"functions\"}\n");
        Files.writeString(pkg.resolve("tables/001_orders.sql"), "CREATE TABLE orders (id bigint PRIMARY KEY);\n");
        Files.writeString(
                pkg.resolve("functions/count_orders.sql"),
                "CREATE OR REPLACE FUNCTION count_orders() RETURNS bigint LANGUAGE sql AS"
                        + " 'SELECT count(*) FROM orders';\n");
        Path cwd = Files.createDirectories(tmp.resolve("host"));
        String deploy = Maven.PLUGIN + ":deploy-package";

        mvn.run(cwd, deploy, "-Dsem.package=" + pkg, "-Dsem.url=" + semUrl(db))
                .succeeded()
                .hasLine("[INFO] Deployed 2 files out of 2 into schema orders_api_01_00_00");
        assertThat(query(db, "SELECT schema_name || ' ' || status FROM sem_packages.packages"))
                .containsExactly("orders_api_01_00_00 active");

        Maven.Build refusal = mvn.run(cwd, deploy, "-Dsem.package=" + pkg, "-Dsem.url=" + semUrl(db))
                .failed();
        assertThat(refusal.lines(l -> l.startsWith("[ERROR]") && l.contains("already exists")))
                .as("the refusal is one [ERROR] line")
                .hasSize(1);
        String refused = refusal.lineMatching(
                "\\[ERROR\\] Failed to execute goal .*deploy-package.*: Schema orders_api_01_00_00 already"
                        + " exists.*");
        assertThat(refused).contains("-Dsem.mode=moderate");

        mvn.run(cwd, deploy, "-Dsem.package=" + pkg, "-Dsem.url=" + semUrl(db), "-Dsem.mode=foo")
                .failed()
                .hasLine("[ERROR] Failed to execute goal " + Maven.PLUGIN + ":deploy-package (default-cli) on project"
                        + " standalone-pom: Unknown deploy mode 'foo': use safe (the default), moderate, unsafe or"
                        + " overwrite -> [Help 1]");

        Path report = tmp.resolve("deploy.json");
        mvn.run(
                        cwd,
                        deploy,
                        "-Dsem.package=" + pkg,
                        "-Dsem.url=" + semUrl(db),
                        "-Dsem.mode=moderate",
                        "-Dsem.report=" + report)
                .succeeded();
        assertThat(Files.readString(report)).contains("\"schemaAction\" : \"RENAME_AND_CREATE\"");
        assertThat(query(db, "SELECT schema_name || ' ' || status FROM sem_packages.packages ORDER BY id"))
                .containsExactly("orders_api_01_00_00_0 renamed", "orders_api_01_00_00 active");
    }
}

package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package registry goals without a project: registry-install, packages, execute (untilZero), remove-package (a
 * dry run by default), import-pgpm and registry-uninstall (needs confirmation), each with a JSON report.
 */
@ExtendWith(TestPostgres.class)
class PackageRegistryGoalsIT {

    @TempDir
    Path tmp;

    @Test
    void registryGoalsRunWithoutAProject(TestDatabase db, TestInfo info) throws Exception {
        Maven mvn = Maven.forTest(info, new Settings().write(tmp.resolve("settings.xml")));
        Path dir = Files.createDirectories(tmp.resolve("work"));
        String url = "-Dsem.url=" + semUrl(db);

        mvn.run(dir, Maven.PLUGIN + ":registry-install", url, "-Dsem.report=" + tmp.resolve("install.json"))
                .succeeded()
                .hasLine("[INFO] Package registry sem_packages installed to version 3: 001-tables.sql,"
                        + " 002-functions.sql, 003-pgpm-import.sql");
        assertThat(Files.readString(tmp.resolve("install.json"))).contains("\"toVersion\" : 3");

        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA util_1_0_0; INSERT INTO sem_packages.packages (name, subclass, scope,"
                    + " version_text, v_major, v_minor, v_patch, schema_name, schema_instance) VALUES ('util',"
                    + " 'versioned', 'SCHEMA', '1_0_0', 1, 0, 0, 'util_1_0_0', 1);"
                    + " CREATE TABLE work AS SELECT generate_series(1, 5) AS id");
        }
        assertThat(mvn.run(dir, Maven.PLUGIN + ":packages", url).succeeded().log())
                .containsPattern("\\[INFO\\]   util +1_0_0 +util_1_0_0 +active +no event");

        mvn.run(
                        dir,
                        Maven.PLUGIN + ":execute",
                        url,
                        "-Dsem.untilZero=true",
                        "-Dsem.pause=1",
                        "-Dsem.query=WITH d AS (DELETE FROM work WHERE id IN (SELECT id FROM work LIMIT 2) RETURNING 1)"
                                + " SELECT (SELECT count(*) FROM work) - (SELECT count(*) FROM d)",
                        "-Dsem.report=" + tmp.resolve("execute.json"))
                .succeeded()
                .hasLine("[INFO] Executed 3 time(s); last value: 0; stopped: reached 0");
        assertThat(Files.readString(tmp.resolve("execute.json"))).contains("\"iterations\" : 3");

        String[] remove = {
            Maven.PLUGIN + ":remove-package", url, "-Dsem.package.name=util", "-Dsem.package.version=1_0_0"
        };
        mvn.run(dir, remove)
                .succeeded()
                .hasLine("[INFO] Dry run (nothing changed; -Dsem.dryRun=false to remove):"
                        + " would DROP SCHEMA \"util_1_0_0\" CASCADE; mark registry row 1 (util 1.0.0) dropped, record a drop"
                        + " event and notify");
        assertThat(Databases.query(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'util_1_0_0'"))
                .hasSize(1);
        mvn.run(dir, remove[0], remove[1], remove[2], remove[3], "-Dsem.dryRun=false")
                .succeeded();
        assertThat(Databases.query(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'util_1_0_0'"))
                .isEmpty();

        assertThat(mvn.run(dir, Maven.PLUGIN + ":import-pgpm", url).failed().log())
                .contains("There is no pgpm registry in this database (no table _pgpm.packages): nothing to import");
        assertThat(mvn.run(dir, Maven.PLUGIN + ":registry-uninstall", url)
                        .failed()
                        .log())
                .contains("add -Dsem.confirmUninstall=true to do it");
        mvn.run(dir, Maven.PLUGIN + ":registry-uninstall", url, "-Dsem.confirmUninstall=true")
                .succeeded();
        assertThat(Databases.query(db, "SELECT nspname FROM pg_namespace WHERE nspname = 'sem_packages'"))
                .isEmpty();
    }
}

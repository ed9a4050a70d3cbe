package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;

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
 * Scenario 2: release 1.0.0 is installed and applied; release 1.1.0 adds two scripts and applying it runs only those
 * two.
 */
@ExtendWith(TestPostgres.class)
class UpgradeIT {

    private static final String GROUP = "dev.sem.it.upgrade";

    @TempDir
    Path tmp;

    @Test
    void upgradeAppliesOnlyTheNewScripts(TestDatabase db, TestInfo info) throws Exception {
        Maven mvn = Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
        SchemaProject project = SchemaProject.fromTemplate(tmp.resolve("crm-db"), GROUP, "crm-db", "1.0.0")
                .script("20260101-090000.sql", "create table accounts (id bigint primary key);\n")
                .script(
                        "20260102-090000.sql",
                        "-- sem.attribute.transaction = none\ncreate index concurrently accounts_id on accounts (id);\n")
                .commit("Accounts")
                .tag("1.0.0");
        mvn.run(project.dir(), "install").succeeded();
        Path releases = Maven.LOCAL_REPOSITORY.resolve("dev/sem/it/upgrade/crm-db");
        assertThat(releases.resolve("1.0.0/crm-db-1.0.0-scripts.tar.gz")).isRegularFile();

        // The deployment: no project, the release by its coordinates.
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        mvn.run(deploy, Maven.PLUGIN + ":apply", "-Dsem.artifact=" + GROUP + ":crm-db:1.0.0", "-Dsem.url=" + semUrl(db))
                .succeeded()
                .hasLine("[INFO] Upgrading schema for " + semUrl(db))
                .hasLine("[INFO]   Recorded schema version 1.0.0");
        assertThat(appliedScripts(db)).containsExactly("20260101-090000.sql", "20260102-090000.sql");

        project.script("20260201-090000.sql", "create table contacts (id bigint primary key, account bigint);\n")
                .script(
                        "20260202-090000.sql",
                        "alter table contacts add foreign key (account) references accounts (id);\n")
                .version("1.0.0", "1.1.0")
                .commit("Contacts")
                .tag("1.1.0");
        mvn.run(project.dir(), "install").succeeded();
        assertThat(releases.resolve("1.1.0/crm-db-1.1.0-scripts.tar.gz")).isRegularFile();

        Maven.Build upgrade = mvn.run(
                        deploy,
                        Maven.PLUGIN + ":apply",
                        "-Dsem.artifact=" + GROUP + ":crm-db:1.1.0",
                        "-Dsem.url=" + semUrl(db))
                .succeeded();
        upgrade.lineMatching("\\[INFO\\] Applying 20260201-090000\\.sql Done \\(1/2, \\d+ ms\\)");
        upgrade.lineMatching("\\[INFO\\] Applying 20260202-090000\\.sql Done \\(2/2, \\d+ ms\\)");
        upgrade.hasLine("[INFO]   Recorded schema version 1.1.0");
        assertThat(upgrade.lines(l -> l.contains("Applying "))).hasSize(2);
        assertThat(appliedScripts(db))
                .containsExactly(
                        "20260101-090000.sql", "20260102-090000.sql", "20260201-090000.sql", "20260202-090000.sql");
        assertThat(Databases.query(
                        db,
                        "SELECT count(*) FROM pg_constraint WHERE conrelid = 'contacts'::regclass"
                                + " AND contype = 'f'"))
                .containsExactly("1");
    }
}

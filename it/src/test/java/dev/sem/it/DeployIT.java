package dev.sem.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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
 * {@code mvn deploy} publishes the distribution with its POM to a {@code file://} repository, and a project-less
 * {@code sem:apply -Dsem.artifact=…} resolves it again from that repository (not from the local repository).
 */
@ExtendWith(TestPostgres.class)
class DeployIT {

    private static final String GROUP = "dev.sem.it.deploy";

    @TempDir
    Path tmp;

    @Test
    void deployedReleaseIsResolvedAgainByCoordinates(TestDatabase db, TestInfo info) throws Exception {
        Path remote = Files.createDirectories(tmp.resolve("remote-repo"));
        Maven mvn = Maven.forTest(
                info, Settings.forDatabase(db).repository("releases", remote).write(tmp.resolve("settings.xml")));
        SchemaProject project = SchemaProject.fromTemplate(tmp.resolve("billing-db"), GROUP, "billing-db", "2.0.0")
                .script("20260301-090000.sql", "create table invoices (id bigint primary key);\n")
                .commit("Invoices")
                .tag("2.0.0");

        mvn.run(project.dir(), "deploy", "-DaltDeploymentRepository=releases::" + remote.toUri())
                .succeeded();
        Path published = remote.resolve("dev/sem/it/deploy/billing-db/2.0.0");
        assertThat(published.resolve("billing-db-2.0.0-scripts.tar.gz")).isRegularFile();
        assertThat(published.resolve("billing-db-2.0.0.pom")).isRegularFile();
        assertThat(published.resolve("billing-db-2.0.0-scripts.tar.gz.sha1")).isRegularFile();

        // The deployment host has never seen the release: only the remote repository has it.
        Path local = Maven.LOCAL_REPOSITORY.resolve("dev/sem/it/deploy/billing-db");
        deleteTree(local);

        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        mvn.run(
                        deploy,
                        Maven.PLUGIN + ":apply",
                        "-Dsem.artifact=" + GROUP + ":billing-db:2.0.0",
                        "-Dsem.url=" + semUrl(db))
                .succeeded()
                .hasLine("[INFO]   Recorded schema version 2.0.0");
        assertThat(appliedScripts(db)).containsExactly("20260301-090000.sql");
        assertThat(local.resolve("2.0.0/billing-db-2.0.0-scripts.tar.gz"))
                .as("downloaded from the deployed repository")
                .isRegularFile();
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

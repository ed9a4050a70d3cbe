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

import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No goal contacts a repository the user did not configure. The plugin's dependency tree names none (the POMs of
 * JGit, JavaEWAH and Jackson, which declare repositories of their own, are not part of it: their classes are bundled
 * into the plugin), so a project-less {@code apply}, {@code status} and {@code deploy-package} print no {@code WARNING}
 * line: once offline ({@code -o}), and once with only the user's repositories reachable (Maven's {@code central} is
 * the user's file repository, and every HTTP(S) request goes to a proxy that refuses it: a contact with any other
 * repository would fail and be reported). Runs under both Maven versions ({@code -Dsem.it.maven=4}).
 */
@ExtendWith(TestPostgres.class)
class RepositoriesIT {

    @TempDir
    Path tmp;

    @Test
    void projectLessGoalsContactNoOtherRepositoryAndPrintNoWarning(TestDatabase db, TestInfo info) throws Exception {
        Path settings = Settings.forDatabase(db).onlyUserRepositories().write(tmp.resolve("settings.xml"));
        assertThat(Files.readString(settings)).contains("<port>9</port>");
        Maven mvn = Maven.forTest(info, settings);
        SchemaProject dist = SchemaProject.fromTemplate(tmp.resolve("dist"), "dev.sem.it.repos", "dist", "1.0.0")
                .script("20260101-000000.sql", "create table accounts (id bigint primary key);\n");
        Path pkg = Files.createDirectories(tmp.resolve("ledger_api/functions")).getParent();
        Files.writeString(
                pkg.resolve("config.json"),
                "{\"name\": \"ledger_api\", \"subclass\": \"versioned\", \"version\": \"01_00_00\","
                        + " \"functions_path\": \"functions\"}\n");
        Files.writeString(
                pkg.resolve("functions/one.sql"),
                "CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql AS 'SELECT 1';\n");
        Path host = Files.createDirectories(tmp.resolve("host"));
        String url = "-Dsem.url=" + semUrl(db);

        for (List<String> goal : List.of(
                List.of(Maven.PLUGIN + ":apply", "-Dsem.dir=" + dist.dir(), url),
                List.of(Maven.PLUGIN + ":status", "-Dsem.dir=" + dist.dir(), url),
                List.of(Maven.PLUGIN + ":deploy-package", "-Dsem.package=" + pkg, url, "-Dsem.mode=overwrite"))) {
            for (boolean offline : List.of(false, true)) {
                List<String> args = new ArrayList<>(goal);
                if (offline) {
                    args.add(0, "-o");
                }
                Maven.Build build = mvn.run(host, args.toArray(String[]::new)).succeeded();
                assertThat(build.lines(l -> l.startsWith("[WARNING]") || l.contains("Could not transfer")))
                        .as(
                                "Maven %d, %s%s: no warning, no failed transfer",
                                Maven.major(), goal.get(0), offline ? " offline" : " with only the user's repositories")
                        .isEmpty();
            }
        }
        assertThat(Databases.appliedScripts(db)).containsExactly("20260101-000000.sql");
        System.out.printf(
                "[sem-e2e] Maven %d: project-less apply, status and deploy-package, offline and with only the user's"
                        + " repositories reachable: no WARNING line%n",
                Maven.major());
    }
}

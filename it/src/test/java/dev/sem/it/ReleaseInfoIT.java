package dev.sem.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Releases with git tags and what {@code sem:info} tells a deploy script: the latest and next tags, a missing tag
 * failing the build, {@code sem:tag} refusing a dirty work tree and a {@code -SNAPSHOT}, tagging and pushing to a bare
 * remote, {@code sem:package -Dsem.tag} of an older tag, and the deployed version and applied scripts of a database
 * after applying it; a snapshot build records no version.
 */
@ExtendWith(TestPostgres.class)
class ReleaseInfoIT {

    private static final String A = "20260101-000000.sql";
    private static final String B = "20260102-000000.sql";

    @TempDir
    Path tmp;

    @Test
    void tagInfoPackageAnOlderTagAndReadTheDeployment(TestDatabase db, TestInfo test) throws Exception {
        Maven mvn = Maven.forTest(test, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
        String info = Maven.PLUGIN + ":info";
        String tag = Maven.PLUGIN + ":tag";
        String url = "-Dsem.url=" + semUrl(db);
        SchemaProject project =
                SchemaProject.fromTemplate(tmp.resolve("crm-db"), "dev.sem.it", "crm-db", "1.1.0-SNAPSHOT");
        Files.writeString(project.dir().resolve(".gitignore"), "target/\n");
        project.script(A, "CREATE TABLE customer (id int PRIMARY KEY);\n")
                .commit("Customer")
                .tag("v1.0.0");
        project.script(B, "ALTER TABLE customer ADD COLUMN email text;\n").commit("Customer email");
        Path dir = project.dir();

        // 1. What the repository says, as log lines and as JSON.
        Path report = tmp.resolve("info.json");
        mvn.run(dir, info, "-Dsem.report=" + report)
                .succeeded()
                .hasLine("[INFO] latest tag: v1.0.0")
                .hasLine("[INFO] next tag (micro): v1.0.1")
                .hasLine("[INFO] release tags: 1")
                .hasLine("[INFO] tool version: " + Maven.SEM_VERSION);
        assertThat(Files.readString(report))
                .contains("\"latestTag\" : \"v1.0.0\"", "\"nextTag\" : \"v1.0.1\"", "\"database\" : null");

        // 2. One bare value each, for $(mvn -q ...); a missing tag fails the build.
        assertThat(mvn.run(dir, "-q", info, "-Dsem.info=next", "-Dsem.next=minor")
                        .succeeded()
                        .lines())
                .containsExactly("v1.1.0");
        assertThat(mvn.run(dir, "-q", info, "-Dsem.info=latest").succeeded().lines())
                .containsExactly("v1.0.0");
        assertThat(mvn.run(dir, "-q", info, "-Dsem.info=exists", "-Dsem.tag=v1.0.0")
                        .succeeded()
                        .lines())
                .containsExactly("true");
        assertThat(mvn.run(dir, "-q", info, "-Dsem.info=version").succeeded().lines())
                .containsExactly(Maven.SEM_VERSION);
        Maven.Build missing = mvn.run(dir, info, "-Dsem.tag=v1.0").failed();
        assertThat(missing.log()).contains("[INFO] tag v1.0: not found", "Tag[v1.0] not found. Check git tag -l");

        // 3. sem:tag refuses a dirty work tree and a snapshot, then tags and pushes to a bare remote.
        Path remote = tmp.resolve("remote.git");
        SchemaProject.existing(Files.createDirectories(remote)).git("init", "-q", "--bare");
        project.git("remote", "add", "origin", remote.toUri().toString());
        project.script("20260103-000000.sql", "SELECT 1;\n");
        assertThat(mvn.run(dir, tag).failed().log())
                .contains("has uncommitted changes: scripts/20260103-000000.sql. Commit (or stash) them before"
                        + " tagging v1.0.1");
        Files.delete(project.scripts().resolve("20260103-000000.sql"));
        assertThat(mvn.run(dir, tag, "-Dsem.tag=1.1.0-SNAPSHOT").failed().log())
                .contains("Invalid tag[1.1.0-SNAPSHOT]. Format must be x.x.x (e.g. 1.1.2)");
        Maven.Build tagged = mvn.run(dir, tag, "-Dsem.next=minor", "-Dsem.push").succeeded();
        tagged.lineMatching("\\[INFO\\] Created tag v1\\.1\\.0 on [0-9a-f]{7} \\(previous v1\\.0\\.0\\)");
        tagged.hasLine("[INFO] Fetched the tags of origin")
                .hasLine("[INFO] Pushed tag v1.1.0 to origin")
                .hasLine("[INFO] tag: v1.1.0");
        SchemaProject bare = SchemaProject.existing(remote);
        assertThat(bare.git("tag", "-l").lines()).containsExactly("v1.1.0");
        assertThat(bare.git("cat-file", "-t", "v1.1.0").strip()).as("annotated").isEqualTo("tag");
        assertThat(bare.git("rev-parse", "v1.1.0^{commit}").strip())
                .isEqualTo(project.git("rev-parse", "HEAD").strip());
        assertThat(mvn.run(dir, "-q", info, "-Dsem.info=latest").succeeded().lines())
                .containsExactly("v1.1.0");

        // 4. The older tag's distribution: its scripts and its version, whatever HEAD holds.
        mvn.run(dir, Maven.PLUGIN + ":package", "-Dsem.tag=v1.0.0")
                .succeeded()
                .hasLine("[INFO] Created distribution file at " + dir.resolve("target/crm-db-v1.0.0.tar.gz"));
        Map<String, String> old = entries(dir.resolve("target/crm-db-v1.0.0.tar.gz"));
        assertThat(old.get("crm-db-v1.0.0/VERSION")).isEqualTo("v1.0.0");
        assertThat(old).containsKey("crm-db-v1.0.0/scripts/" + A).doesNotContainKey("crm-db-v1.0.0/scripts/" + B);

        // 5. Applied: the database's deployed version and scripts.
        Path host = Files.createDirectories(tmp.resolve("host"));
        mvn.run(host, Maven.PLUGIN + ":apply", "-Dsem.tarball=" + dir.resolve("target/crm-db-v1.0.0.tar.gz"), url)
                .succeeded()
                .hasLine("[INFO]   Recorded schema version v1.0.0");
        Maven.Build deployed = mvn.run(host, info, url).succeeded();
        deployed.hasLine("[INFO] deployed version: v1.0.0").hasLine("[INFO] applied scripts: 1");
        deployed.lineMatching("\\[INFO\\]   " + A + " \\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(deployed.log()).doesNotContain("latest tag:");
        assertThat(mvn.run(host, "-q", info, "-Dsem.info=deployed", url)
                        .succeeded()
                        .lines())
                .containsExactly("v1.0.0");

        // 6. A snapshot build's VERSION is empty: applying it records no version.
        mvn.run(dir, Maven.PLUGIN + ":package")
                .succeeded()
                .lineMatching("\\[WARNING\\] VERSION is left empty: 1\\.1\\.0-SNAPSHOT is a development version.*");
        Path snapshot = dir.resolve("target/crm-db-1.1.0-SNAPSHOT.tar.gz");
        assertThat(entries(snapshot).get("crm-db-1.1.0-SNAPSHOT/VERSION")).isEmpty();
        mvn.run(host, Maven.PLUGIN + ":apply", "-Dsem.tarball=" + snapshot, url).succeeded();
        assertThat(mvn.run(host, "-q", info, "-Dsem.info=scripts", url)
                        .succeeded()
                        .lines())
                .containsExactly(A, B);
        mvn.run(host, info, url).succeeded().hasLine("[INFO] deployed version: v1.0.0");
    }

    private static Map<String, String> entries(Path tarGz) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream file = Files.newInputStream(tarGz);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                entries.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}

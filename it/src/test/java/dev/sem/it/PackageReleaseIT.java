package dev.sem.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.query;
import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A package's whole life as a Maven release: generated from the archetype ({@code -DrepositoryKind=package}), a
 * function added, {@code verify} (validate, package, deploy twice on a throwaway PostgreSQL, bind, call),
 * {@code install}, then deployments by coordinates from an empty directory: an application session binds with
 * {@code set_search_path} and calls the function, version 1.1.0 is deployed beside 1.0.0 while both sessions keep
 * working, a safe redeploy is refused, a moderate one renames, and version 1.2.0 depends on another package (published
 * with {@code mvn deploy}) by Maven coordinates: refused while that package is missing, deployed with it by {@code -Dsem.deployDependencies}. A tampered
 * release is refused before connecting.
 */
@ExtendWith(TestPostgres.class)
class PackageReleaseIT {

    private static final String GROUP = "dev.sem.it.packages";
    private static final String GREETER = "greeter-api";
    private static final String WORDS = "words";

    @TempDir
    Path tmp;

    @Test
    void generateVerifyInstallDeployBindUpgradeAndDependByCoordinates(TestDatabase db, TestInfo info) throws Exception {
        Maven mvn = Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
        Path work = Files.createDirectories(tmp.resolve("work"));
        String url = semUrl(db);
        Path host = Files.createDirectories(tmp.resolve("host"));
        String deploy = Maven.PLUGIN + ":deploy-package";

        // 1. Generate, add a function, verify, install.
        SchemaProject greeter = generate(mvn, work, GREETER);
        assertThat(greeter.dir().resolve("config.json")).isRegularFile();
        assertThat(greeter.dir().resolve("scripts")).doesNotExist();
        assertThat(greeter.git("status", "--porcelain")).isEmpty();
        write(
                greeter,
                "functions/farewell.sql",
                "CREATE OR REPLACE FUNCTION farewell(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$\n"
                        + "    SELECT 'Goodbye, ' || name\n$$;\n");
        greeter.commit("A farewell");
        Maven.Build verify = mvn.run(greeter.dir(), "verify").succeeded();
        verify.lineMatching("\\[INFO\\] Validated package greeter_api 1_0_0 \\(schema greeter_api_1_0_0\\): 7 files;"
                + " Lint: 0 errors, 0 warnings in 7 scripts");
        verify.lineMatching("\\[INFO\\] Bound a new session with sem_packages\\.set_search_path\\('greeter_api',"
                + " '1_0_0'\\): search_path greeter_api_1_0_0, public; 3 function\\(s\\) of greeter_api_1_0_0 resolve"
                + " through it");
        verify.lineMatching("\\[INFO\\] sem:verify: package greeter_api 1_0_0 deploys on .* and redeploys in moderate"
                + " mode; 3 function\\(s\\) resolve through set_search_path; 2 verify call\\(s\\) passed");
        assertThat(Files.readString(greeter.dir().resolve("target/sem-verify/schema.sql")))
                .contains("greeter_api_1_0_0.farewell(");
        System.out.println("[sem-e2e] verify of the generated package took "
                + verify.duration().toMillis() + " ms");
        mvn.run(greeter.dir(), "install").succeeded();
        Path released = Maven.LOCAL_REPOSITORY.resolve(
                "dev/sem/it/packages/greeter-api/1.0.0/greeter-api-1.0.0-package.tar.gz");
        assertThat(released).isRegularFile();

        // 2. Deploy 1.0.0 by coordinates; an application session binds and calls.
        mvn.run(host, deploy, "-Dsem.artifact=" + GROUP + ":" + GREETER + ":1.0.0", "-Dsem.url=" + url)
                .succeeded()
                .hasLine("[INFO] Verified sem-package-manifest.json of " + GROUP + ":" + GREETER
                        + ":tar.gz:package:1.0.0: every file matches its SHA-256")
                .hasLine("[INFO] Deployed 7 files out of 7 into schema greeter_api_1_0_0");
        try (Connection v1 = db.connect();
                Connection v11 = db.connect()) {
            bind(v1, "1_0_0");
            assertThat(single(v1, "SELECT farewell('Ann')")).isEqualTo("Goodbye, Ann");

            // 3. Version 1.1.0 beside 1.0.0: both sessions keep working.
            greeter.version("1.0.0", "1.1.0");
            replace(greeter, "config.json", "\"1.0.0\"", "\"1.1.0\"");
            replace(greeter, "functions/farewell.sql", "'Goodbye, '", "'Bye, '");
            greeter.commit("1.1.0: a shorter farewell");
            mvn.run(greeter.dir(), "install").succeeded();
            mvn.run(host, deploy, "-Dsem.artifact=" + GROUP + ":" + GREETER + ":1.1.0", "-Dsem.url=" + url)
                    .succeeded()
                    .hasLine("[INFO] Deployed 7 files out of 7 into schema greeter_api_1_1_0");
            bind(v11, "1_1_0");
            assertThat(single(v11, "SELECT farewell('Ann')")).isEqualTo("Bye, Ann");
            assertThat(single(v1, "SELECT farewell('Ann')")).isEqualTo("Goodbye, Ann");
            try (Connection latest = db.connect()) {
                bind(latest, "1");
                assertThat(single(latest, "SELECT current_schema()")).isEqualTo("greeter_api_1_1_0");
            }

            // 4. A safe redeploy is refused; a moderate one renames the schema and deploys afresh.
            Maven.Build refused = mvn.run(
                            host, deploy, "-Dsem.artifact=" + GROUP + ":" + GREETER + ":1.1.0", "-Dsem.url=" + url)
                    .failed();
            refused.lineMatching(Pattern.quote("[ERROR] Failed to execute goal " + Maven.PLUGIN
                            + ":deploy-package (default-cli) on project standalone-pom: Schema greeter_api_1_1_0 already"
                            + " exists")
                    + ".*-Dsem\\.mode=moderate.*");
            mvn.run(
                            host,
                            deploy,
                            "-Dsem.artifact=" + GROUP + ":" + GREETER + ":1.1.0",
                            "-Dsem.url=" + url,
                            "-Dsem.mode=moderate")
                    .succeeded();
            assertThat(query(db, "SELECT schema_name || ' ' || status FROM sem_packages.packages ORDER BY id"))
                    .containsExactly(
                            "greeter_api_1_0_0 active", "greeter_api_1_1_0_0 renamed", "greeter_api_1_1_0 active");
            assertThat(single(v11, "SELECT farewell('Ann')")).isEqualTo("Bye, Ann");
            assertThat(single(v1, "SELECT farewell('Ann')")).isEqualTo("Goodbye, Ann");
        }

        // 5. A dependency by coordinates: words 1.0.0, and greeter-api 1.2.0 needing it.
        SchemaProject words = generate(mvn, work, WORDS);
        write(
                words,
                "functions/shout.sql",
                "CREATE OR REPLACE FUNCTION shout(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$\n"
                        + "    SELECT upper(t) || '!'\n$$;\n");
        words.commit("Shout");
        Path remote = tmp.resolve("remote-repository");
        mvn.run(words.dir(), "deploy", "-DaltDeploymentRepository=it::" + remote.toUri())
                .succeeded();
        assertThat(remote.resolve("dev/sem/it/packages/words/1.0.0/words-1.0.0-package.tar.gz"))
                .as("mvn deploy publishes the package artifact")
                .isRegularFile();
        assertThat(remote.resolve("dev/sem/it/packages/words/1.0.0/words-1.0.0.pom"))
                .isRegularFile();

        greeter.version("1.1.0", "1.2.0");
        replace(greeter, "config.json", "\"1.1.0\"", "\"1.2.0\",\n  \"dependencies\": {\"words\": \"1\"}");
        replace(greeter, "functions/farewell.sql", "'Bye, ' || name", "'Bye, ' || shout(name)");
        replace(
                greeter,
                "pom.xml",
                "  <properties>",
                "  <dependencies>\n    <dependency>\n      <groupId>" + GROUP + "</groupId>\n      <artifactId>" + WORDS
                        + "</artifactId>\n      <version>1.0.0</version>\n      <type>tar.gz</type>\n"
                        + "      <classifier>package</classifier>\n    </dependency>\n  </dependencies>\n\n"
                        + "  <properties>");
        greeter.commit("1.2.0: farewell shouts, with words");
        mvn.run(greeter.dir(), "install")
                .succeeded()
                .hasLine("[INFO] Verified the package " + GROUP + ":" + WORDS
                        + ":1.0.0 against its sem-package-manifest.json")
                .lineMatching("\\[INFO\\] Bound a new session with sem_packages\\.set_search_path\\('greeter_api',"
                        + " '1_2_0'\\): search_path greeter_api_1_2_0, words_1_0_0, public; .*");

        String v12 = "-Dsem.artifact=" + GROUP + ":" + GREETER + ":1.2.0";
        Maven.Build missing = mvn.run(host, deploy, v12, "-Dsem.url=" + url).failed();
        missing.hasLine("[ERROR] Failed to execute goal " + Maven.PLUGIN + ":deploy-package (default-cli) on project"
                + " standalone-pom: There are unresolved dependencies. Deploy the following package(s) and try again:");
        missing.hasLine("[ERROR] words: 1");
        assertThat(query(db, "SELECT count(*) FROM sem_packages.packages")).containsExactly("3");

        mvn.run(host, deploy, v12, "-Dsem.url=" + url, "-Dsem.deployDependencies")
                .succeeded()
                .hasLine("[INFO] Deploying dependency 1/1: words 1.0.0 (" + GROUP + ":" + WORDS + ":1.0.0)")
                .hasLine("[INFO] Deployed 7 files out of 7 into schema greeter_api_1_2_0");
        try (Connection v12Session = db.connect()) {
            bind(v12Session, "1_2_0");
            assertThat(single(v12Session, "SELECT farewell('Ann')")).isEqualTo("Bye, ANN!");
        }
        mvn.run(host, deploy, v12, "-Dsem.url=" + url, "-Dsem.deployDependencies", "-Dsem.mode=moderate")
                .succeeded()
                .hasLine("[INFO] words 1.0.0 is already deployed (satisfies 1)");

        // 6. A tampered release is refused before connecting; the database is unchanged.
        List<String> before = query(db, "SELECT schema_name || ' ' || status FROM sem_packages.packages ORDER BY id");
        tamper(released, "functions/farewell.sql", "SELECT 'Goodbye, ' || name", "SELECT 'Gotcha, ' || name");
        Maven.Build tampered = mvn.run(
                        host, deploy, "-Dsem.artifact=" + GROUP + ":" + GREETER + ":1.0.0", "-Dsem.url=" + url)
                .failed();
        tampered.lineMatching(Pattern.quote("[ERROR] Failed to execute goal " + Maven.PLUGIN
                        + ":deploy-package (default-cli) on project standalone-pom: " + released
                        + ": sem-package-manifest.json: functions/farewell.sql does not match its SHA-256 (listed ")
                + "[0-9a-f]{64}, found [0-9a-f]{64}"
                + Pattern.quote("): the archive was changed after sem:package; download it again or rebuild it"
                        + " -> [Help 1]"));
        assertThat(tampered.lines(l -> l.contains("Deploying"))).isEmpty();
        assertThat(query(db, "SELECT schema_name || ' ' || status FROM sem_packages.packages ORDER BY id"))
                .isEqualTo(before);
    }

    private SchemaProject generate(Maven mvn, Path work, String artifactId) {
        mvn.run(
                        work,
                        "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
                        "-DarchetypeGroupId=dev.sem",
                        "-DarchetypeArtifactId=sem-archetype",
                        "-DarchetypeVersion=" + Maven.SEM_VERSION,
                        "-DgroupId=" + GROUP,
                        "-DartifactId=" + artifactId,
                        "-Dversion=1.0.0",
                        "-DrepositoryKind=package",
                        "-DpostgresVersion=" + System.getProperty("sem.test.postgres", "17"),
                        "-DinteractiveMode=false")
                .succeeded();
        return SchemaProject.existing(work.resolve(artifactId));
    }

    private static void write(SchemaProject project, String path, String text) throws IOException {
        Files.writeString(project.dir().resolve(path), text, StandardCharsets.UTF_8);
    }

    private static void replace(SchemaProject project, String path, String from, String to) throws IOException {
        Path file = project.dir().resolve(path);
        String text = Files.readString(file);
        assertThat(text).as(path).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    /** Binds the session as an application does. */
    private static void bind(Connection c, String requirement) throws SQLException {
        try (var ps = c.prepareStatement("SELECT sem_packages.set_search_path('greeter_api', ?)")) {
            ps.setString(1, requirement);
            ps.execute();
        }
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    /** Rewrites {@code archive} with one entry's text changed, as an attacker or a broken mirror would. */
    private static void tamper(Path archive, String entrySuffix, String from, String to) throws IOException {
        Path out = archive.resolveSibling(archive.getFileName() + ".tampered");
        boolean changed = false;
        try (InputStream raw = Files.newInputStream(archive);
                TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(raw));
                OutputStream rawOut = Files.newOutputStream(out);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(rawOut))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (entry.getName().endsWith(entrySuffix)) {
                    String text = new String(content, StandardCharsets.UTF_8);
                    assertThat(text).contains(from);
                    content = text.replace(from, to).getBytes(StandardCharsets.UTF_8);
                    entry.setSize(content.length);
                    changed = true;
                }
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        assertThat(changed).as("tampered " + entrySuffix).isTrue();
        Files.move(out, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}

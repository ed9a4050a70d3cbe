package dev.sem.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.hasHistory;
import static dev.sem.it.Databases.semUrl;
import static dev.sem.it.Databases.semUrlWithoutUser;
import static dev.sem.it.Databases.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 3: what goes wrong in a deployment fails the build with one exact error line and leaves the database as it
 * was.
 */
@ExtendWith(TestPostgres.class)
class ApplyFailuresIT {

    private static final String FIRST = "20260101-000000.sql";
    private static final String SECOND = "20260102-000000.sql";
    private static final String GROUP = "dev.sem.it.failures";

    @TempDir
    Path tmp;

    /** The line Maven ends a failed {@code sem:<goal>} with. */
    private static String failedGoal(String goal, String project, String message) {
        return "[ERROR] Failed to execute goal " + Maven.PLUGIN + ":" + goal + " (default-cli) on project " + project
                + ": " + message + " -> [Help 1]";
    }

    private SchemaProject ordersProject() {
        return SchemaProject.fromTemplate(tmp.resolve("orders-db"), GROUP, "orders-db", "1.0.0")
                .script(FIRST, "create table customers (id bigint primary key);\n");
    }

    private Maven maven(TestInfo info, TestDatabase db) {
        return Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));
    }

    @Test
    void scriptWithSyntaxErrorRollsBackAndIsNotRecorded(TestDatabase db, TestInfo info) throws Exception {
        SchemaProject project = ordersProject();
        Maven mvn = maven(info, db);
        mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db)).succeeded();
        List<String> before = snapshot(db);
        assertThat(before).contains("relation public.customers r id:bigint");

        project.script(
                SECOND,
                "-- Orders and their lines\n"
                        + "create table orders (id bigint primary key);\n"
                        + "create tabel order_lines (id bigint);\n");
        Maven.Build build = mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db));

        build.failed();
        // The script's first statement was rolled back with it, and nothing was recorded.
        assertThat(snapshot(db)).isEqualTo(before);
        build.hasLine("[ERROR] ERROR applying script: ./scripts/" + SECOND)
                .hasLine(failedGoal(
                        "apply",
                        "orders-db",
                        "File[./scripts/" + SECOND + "] line 3 column 8: syntax error at or near \"tabel\""
                                + " (SQLSTATE 42601)"));
    }

    @Test
    void unknownAttributeIsRefusedBeforeAnythingIsWritten(TestDatabase db, TestInfo info) throws Exception {
        SchemaProject project = ordersProject()
                .script(
                        SECOND,
                        "-- sem.attribute.isolation = serializable\n"
                                + "create table orders (id bigint primary key);\n");
        List<String> before = snapshot(db);

        Maven.Build build = maven(info, db).run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db));

        build.failed()
                .hasLine(failedGoal(
                        "apply",
                        "orders-db",
                        "File[./scripts/" + SECOND + "] line 1: Attribute with name[isolation] not found. Must be"
                                + " one of: transaction (nothing was applied)"));
        // Not even the first, valid script: every script is checked before the history schema is created.
        assertThat(snapshot(db)).isEqualTo(before);
        assertThat(hasHistory(db)).isFalse();
    }

    @Test
    void changedAppliedScriptIsRefused(TestDatabase db, TestInfo info) throws Exception {
        SchemaProject project = ordersProject();
        Maven mvn = maven(info, db);
        mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db)).succeeded();
        List<String> before = snapshot(db);
        String applied = sha256("create table customers (id bigint primary key);\n");
        String now = sha256("create table customers (id bigint primary key, name text);\n");

        project.script(FIRST, "create table customers (id bigint primary key, name text);\n")
                .script(SECOND, "create table orders (id bigint primary key);\n");
        Maven.Build build = mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db));

        build.failed()
                .hasLine(failedGoal(
                        "apply",
                        "orders-db",
                        "File[./scripts/" + FIRST + "] was changed after it was applied to this database: applied"
                                + " sha256 " + applied + ", now " + now + ". Restore the applied content and put the"
                                + " change in a new script (mvn sem:add -Dsem.description=\"what it changes\" starts"
                                + " one), or accept it with -Dsem.accept=" + FIRST + " -Dsem.acceptReason=\"why\""
                                + " (nothing was applied)"));
        // The pending second script did not run either.
        assertThat(snapshot(db)).isEqualTo(before);
    }

    @Test
    void wrongPasswordFailsWithoutPrintingAnyPassword(TestDatabase db, TestInfo info) throws Exception {
        String right = "right-secret-" + UUID.randomUUID();
        String wrong = "wrong-secret-" + UUID.randomUUID();
        SchemaProject project = ordersProject();
        try (PasswordRole role = PasswordRole.create(db, right)) {
            Path settings = new Settings().server("sem-db", role.name(), wrong).write(tmp.resolve("settings.xml"));
            Path deploy = Files.createDirectories(tmp.resolve("deploy"));
            Maven.Build build = Maven.forTest(info, settings)
                    .run(
                            deploy,
                            Maven.PLUGIN + ":apply",
                            "-Dsem.dir=" + project.dir(),
                            "-Dsem.url=" + semUrlWithoutUser(db));

            String url = semUrlWithoutUser(db);
            String jdbc = "jdbc:postgresql://" + db.server().hostAndPort() + "/" + db.name();
            build.failed()
                    .hasLine("[INFO] Using credentials of settings.xml server sem-db (user " + role.name() + ")")
                    .hasLine(failedGoal(
                            "apply",
                            "standalone-pom",
                            "Could not connect to " + url + " (" + jdbc + ", user " + role.name() + ") for apply:"
                                    + " FATAL: password authentication failed for user \"" + role.name() + "\";"
                                    + " check the password (it came from settings.xml server sem-db); sem takes the"
                                    + " first password it finds in: settings.xml server sem-db (username and"
                                    + " password; an encrypted password works), PGPASSWORD, then ~/.pgpass (or the"
                                    + " file PGPASSFILE names)"));
            assertThat(build.log()).doesNotContain(right).doesNotContain(wrong);
            assertThat(hasHistory(db)).isFalse();
        }
    }

    @Test
    void refusedConnectionFailsAtOnce(TestDatabase db, TestInfo info) throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        String url = "postgresql://sem@127.0.0.1:" + closedPort + "/" + db.name();
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        Maven.Build build = maven(info, db)
                .run(
                        deploy,
                        Maven.PLUGIN + ":apply",
                        "-Dsem.dir=" + ordersProject().dir(),
                        "-Dsem.url=" + url);

        build.failed()
                .hasLine(failedGoal(
                        "apply",
                        "standalone-pom",
                        "Could not connect to " + url + " (jdbc:postgresql://127.0.0.1:" + closedPort + "/"
                                + db.name() + ", user sem) for apply: Connection to 127.0.0.1:" + closedPort
                                + " refused. Check that the hostname and port are correct and that the postmaster is"
                                + " accepting TCP/IP connections; is the server running and reachable at 127.0.0.1:"
                                + closedPort + "? (connect timeout 10 s)"));
        // "refused": the build failed at once, without waiting for the connect timeout.
        assertThat(hasHistory(db)).isFalse();
    }

    @Test
    void silentHostFailsWithinTheConnectTimeout(TestDatabase db, TestInfo info) throws Exception {
        // Accepts TCP connections (the kernel completes the handshake) and never answers: a hung server or a
        // firewall that swallows packets. The default connect timeout is 10 s; the build must not hang.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = silent.getLocalPort();
            String url = "postgresql://sem@127.0.0.1:" + port + "/" + db.name();
            Path deploy = Files.createDirectories(tmp.resolve("deploy"));
            Maven.Build build = maven(info, db)
                    .run(
                            deploy,
                            Maven.PLUGIN + ":apply",
                            "-Dsem.dir=" + ordersProject().dir(),
                            "-Dsem.url=" + url);

            build.failed()
                    .hasLine(failedGoal(
                            "apply",
                            "standalone-pom",
                            "Could not connect to " + url + " (jdbc:postgresql://127.0.0.1:" + port + "/" + db.name()
                                    + ", user sem) for apply: Connection attempt timed out; is the server running and"
                                    + " reachable at 127.0.0.1:" + port + "? (connect timeout 10 s)"));
            // "timed out": the connect timeout ended the attempt; a hung build would be stopped by Maven's timeout.
        }
        assertThat(hasHistory(db)).isFalse();
    }

    @Test
    void tamperedTarballIsRefused(TestDatabase db, TestInfo info) throws Exception {
        SchemaProject project = ordersProject()
                .script(SECOND, "create table orders (id bigint primary key);\n")
                .commit("Customers and orders");
        Maven mvn = maven(info, db);
        mvn.run(project.dir(), "package").succeeded();
        Path original = project.dir().resolve("target/orders-db-1.0.0.tar.gz");
        Path tampered = tmp.resolve("orders-db-1.0.0.tar.gz");
        String entry = "orders-db-1.0.0/scripts/" + SECOND;
        String tamperedContent = "create table orders (id bigint primary key);\ndrop table customers;\n";
        rewrite(original, tampered, entry, tamperedContent);
        List<String> before = snapshot(db);

        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        Maven.Build build =
                mvn.run(deploy, Maven.PLUGIN + ":apply", "-Dsem.tarball=" + tampered, "-Dsem.url=" + semUrl(db));

        // The tarball is unpacked into a fresh temporary directory: only its name is not known in advance.
        build.failed()
                .lineMatching(Pattern.quote(
                                failedGoal("apply", "standalone-pom", "Script ").replace(" -> [Help 1]", ""))
                        + "\\S+/sem-dist-\\w+/"
                        + Pattern.quote(entry + " has SHA-256 " + sha256(tamperedContent)
                                + " but sem-manifest.json lists "
                                + sha256(project.scripts().resolve(SECOND))
                                + "; the distribution was modified, use the original one -> [Help 1]"));
        assertThat(hasHistory(db)).isFalse();
        assertThat(snapshot(db)).isEqualTo(before);
    }

    private static String sha256(Path file) throws IOException {
        return sha256(Files.readString(file));
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies a tar.gz, replacing the content of one entry and keeping every other header field. */
    private static void rewrite(Path from, Path to, String name, String content) throws IOException {
        Map<TarArchiveEntry, byte[]> entries = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(from));
                TarArchiveInputStream in = new TarArchiveInputStream(new GZIPInputStream(raw))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e, in.readAllBytes());
            }
        }
        assertThat(entries.keySet()).extracting(TarArchiveEntry::getName).contains(name);
        try (OutputStream out = Files.newOutputStream(to);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<TarArchiveEntry, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = e.getKey();
                byte[] data = e.getValue();
                if (entry.getName().equals(name)) {
                    data = content.getBytes(StandardCharsets.UTF_8);
                    entry.setSize(data.length);
                }
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
    }
}

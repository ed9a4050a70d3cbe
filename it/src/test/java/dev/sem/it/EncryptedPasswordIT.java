package dev.sem.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static dev.sem.it.Databases.semUrlWithoutUser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scenario 4: the database credentials come from a settings.xml {@code <server>} whose password is encrypted with
 * Maven's own tooling; the password is decrypted for the connection and appears nowhere in the build log or the JSON
 * report. Maven 3's format ({@code --encrypt-master-password}, {@code --encrypt-password}, a
 * {@code settings-security.xml}) is tested under both Maven versions, since Maven 4 still reads it; under Maven 4 the
 * password encrypted by Maven 4's own tool, {@code mvnenc} (a {@code settings-security4.xml} whose master password
 * comes from an environment variable), is tested as well.
 */
@ExtendWith(TestPostgres.class)
class EncryptedPasswordIT {

    private static final Pattern ENCRYPTED = Pattern.compile("\\{[A-Za-z0-9+/=]{16,}\\}");
    private static final Pattern ENCRYPTED_4 = Pattern.compile("\\{\\[name=master,[^\\]]*\\][A-Za-z0-9+/=]{16,}\\}");

    @TempDir
    Path tmp;

    @Test
    void appliesWithTheDecryptedPasswordAndNeverPrintsIt(TestDatabase db, TestInfo info) throws Exception {
        String password = "right-secret-" + UUID.randomUUID();
        String master = "master-secret-" + UUID.randomUUID();
        Path tools = Files.createDirectories(tmp.resolve("tools"));

        // What a developer does once on Maven 3: encrypt a master password into settings-security.xml, then the
        // password (with the build's own Maven 3, whichever Maven runs the scenario).
        Path maven3 = Path.of(Maven.property("sem.it.buildMavenHome"), "bin", "mvn");
        String encryptedMaster = find(
                ENCRYPTED, command(tools, Map.of(), null, maven3, null, "-B", "--encrypt-master-password", master));
        Path security = tmp.resolve("settings-security.xml");
        Files.writeString(
                security, "<settingsSecurity>\n  <master>" + encryptedMaster + "</master>\n</settingsSecurity>\n");
        String encryptedPassword = find(
                ENCRYPTED,
                command(
                        tools,
                        Map.of(),
                        null,
                        maven3,
                        null,
                        "-B",
                        "--encrypt-password",
                        password,
                        "-Dsettings.security=" + security));
        assertThat(encryptedPassword).doesNotContain(password);

        SchemaProject project = SchemaProject.fromTemplate(
                        tmp.resolve("crm-db"), "dev.sem.it.secure", "crm-db", "1.0.0")
                .script("20260101-000000.sql", "create table accounts (id bigint primary key);\n")
                .script("20260102-000000.sql", "create table contacts (id bigint primary key);\n");
        Path report = tmp.resolve("report.json");
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        try (PasswordRole role = PasswordRole.create(db, password)) {
            Path settings = new Settings()
                    .server("sem-db", role.name(), encryptedPassword)
                    .write(tmp.resolve("settings.xml"));
            // With -X: the password must not leak even into the debug log people attach to tickets.
            Maven.Build build = Maven.forTest(info, settings)
                    .run(
                            deploy,
                            Maven.PLUGIN + ":apply",
                            "-Dsem.dir=" + project.dir(),
                            "-Dsem.url=" + semUrlWithoutUser(db),
                            "-Dsettings.security=" + security,
                            "-Dsem.report=" + report,
                            "-X");

            build.succeeded()
                    .hasLine("[INFO] Using credentials of settings.xml server sem-db (user " + role.name() + ")")
                    .hasLine("[INFO] Upgrading schema for " + semUrlWithoutUser(db));
            assertThat(appliedScripts(db)).containsExactly("20260101-000000.sql", "20260102-000000.sql");
            // The scripts ran as the role from settings.xml, not as the test's superuser.
            assertThat(Databases.query(
                            db, "SELECT tableowner FROM pg_tables WHERE tablename IN ('accounts', 'contacts')"))
                    .containsExactly(role.name(), role.name());

            String json = Files.readString(report);
            assertThat(json).contains("20260102-000000.sql");
            for (String secret : List.of(password, master)) {
                assertThat(build.log()).doesNotContain(secret);
                assertThat(json).doesNotContain(secret);
            }

            if (Maven.major() >= 4) {
                mavenFourOwnEncryption(info, db, role, password, project, deploy);
            }
        }
    }

    /**
     * Maven 4's way: {@code ~/.m2/settings-security4.xml} names where the master password comes from (here the
     * environment variable {@code SEM_IT_MASTER}), {@code mvnenc encrypt} encrypts the password, and Maven decrypts it
     * before the plugin reads the server.
     */
    private void mavenFourOwnEncryption(
            TestInfo info, TestDatabase db, PasswordRole role, String password, SchemaProject project, Path deploy)
            throws Exception {
        String master4 = "master4-secret-" + UUID.randomUUID();
        Path home = Files.createDirectories(tmp.resolve("home4/.m2")).getParent();
        Files.writeString(home.resolve(".m2/settings-security4.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <settingsSecurity xmlns="http://maven.apache.org/SETTINGS-SECURITY/4.0.0">
                  <defaultDispatcher>master</defaultDispatcher>
                  <configurations>
                    <configuration>
                      <name>master</name>
                      <properties>
                        <property><name>source</name><value>env:SEM_IT_MASTER</value></property>
                        <property><name>cipher</name><value>AES/GCM/NoPadding</value></property>
                      </properties>
                    </configuration>
                  </configurations>
                </settingsSecurity>
                """);
        Map<String, String> env = Map.of("SEM_IT_MASTER", master4);
        Path mvnenc = Path.of(Maven.property("maven.home"), "bin", "mvnenc");
        String encrypted4 =
                find(ENCRYPTED_4, command(tmp, env, home, mvnenc, password + "\n", "encrypt", "--force-interactive"));
        assertThat(encrypted4).doesNotContain(password);

        Path settings4 =
                new Settings().server("sem-db", role.name(), encrypted4).write(tmp.resolve("settings-4.xml"));
        Maven.Build status = Maven.forTest(info, settings4)
                .withUserHome(home, env)
                .run(
                        deploy,
                        Maven.PLUGIN + ":status",
                        "-Dsem.dir=" + project.dir(),
                        "-Dsem.url=" + semUrlWithoutUser(db),
                        "-X")
                .succeeded()
                .hasLine("[INFO] Using credentials of settings.xml server sem-db (user " + role.name() + ")");
        status.lineMatching(
                Pattern.quote("[INFO] sem:status on " + semUrlWithoutUser(db) + ": 2 applied, 0 pending") + ".*");
        for (String secret : List.of(password, master4)) {
            assertThat(status.log()).doesNotContain(secret);
        }
    }

    /** The first match of {@code pattern} in a command's output. */
    private static String find(Pattern pattern, String output) {
        Matcher m = pattern.matcher(output);
        assertThat(m.find()).as("an encrypted {...} string in:\n" + output).isTrue();
        return m.group();
    }

    /**
     * Runs a Maven tool ({@code mvn}, {@code mvnenc}) outside the invoker, with {@code input} (or nothing) on its standard input, and
     * returns its output once it printed an encrypted string or ended. {@code mvnenc} keeps prompting at the end of its
     * input, so it is stopped once it has answered.
     */
    private static String command(Path dir, Map<String, String> env, Path home, Path tool, String input, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(tool.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        if (home != null) {
            builder.environment().put("MAVEN_OPTS", "-Duser.home=" + home);
        }
        Process process = builder.start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        try (InputStream in = process.getInputStream()) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                String text = out.toString(StandardCharsets.UTF_8);
                if (ENCRYPTED.matcher(text).find()
                        || ENCRYPTED_4.matcher(text).find()
                        || System.nanoTime() > deadline) {
                    break;
                }
            }
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

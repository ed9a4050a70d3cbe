package dev.sem.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
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
 * Maven's own tooling ({@code --encrypt-master-password}, {@code --encrypt-password}); the password is decrypted for
 * the connection and appears nowhere in the build log or the JSON report.
 */
@ExtendWith(TestPostgres.class)
class EncryptedPasswordIT {

    private static final Pattern ENCRYPTED = Pattern.compile("\\{[A-Za-z0-9+/=]{16,}\\}");

    @TempDir
    Path tmp;

    @Test
    void appliesWithTheDecryptedPasswordAndNeverPrintsIt(TestDatabase db, TestInfo info) throws Exception {
        String password = "right-secret-" + UUID.randomUUID();
        String master = "master-secret-" + UUID.randomUUID();
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Maven plain = Maven.forTest(info, new Settings().write(tmp.resolve("settings-plain.xml")));

        // What a developer does once: encrypt a master password into settings-security.xml, then the password.
        String encryptedMaster = encrypted(plain.run(tools, "--encrypt-master-password", master));
        Path security = tmp.resolve("settings-security.xml");
        Files.writeString(
                security, "<settingsSecurity>\n  <master>" + encryptedMaster + "</master>\n</settingsSecurity>\n");
        String encryptedPassword =
                encrypted(plain.run(tools, "--encrypt-password", password, "-Dsettings.security=" + security));
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
        }
    }

    /** The {@code {...}} string Maven printed. */
    private static String encrypted(Maven.Build build) {
        build.succeeded();
        Matcher m = ENCRYPTED.matcher(build.log());
        assertThat(m.find())
                .as(() -> build.describe("should print an encrypted {...} string"))
                .isTrue();
        return m.group();
    }
}

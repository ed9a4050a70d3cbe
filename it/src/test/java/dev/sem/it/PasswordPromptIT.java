package dev.sem.it;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sem (Ruby)'s {@code --password}: when the server asks for a password that neither settings.xml, {@code PGPASSWORD}
 * nor the password file gives, an interactive Maven run asks for it on the terminal, without echo, and applies; a
 * batch run fails with one line naming every place a password can come from. The password never appears in the output.
 */
@ExtendWith(TestPostgres.class)
class PasswordPromptIT {

    @TempDir
    Path tmp;

    private SchemaProject project() {
        return SchemaProject.fromTemplate(tmp.resolve("crm-db"), "dev.sem.it.prompt", "crm-db", "1.0.0")
                .script("20260101-000000.sql", "create table accounts (id bigint primary key);\n");
    }

    private static String url(TestDatabase db, PasswordRole role) {
        return "postgresql://" + role.name() + "@" + db.server().hostAndPort() + "/" + db.name();
    }

    @Test
    void aBatchRunListsWhereAPasswordCanComeFrom(TestDatabase db, TestInfo info) throws Exception {
        String password = "batch-secret-" + UUID.randomUUID();
        SchemaProject project = project();
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        try (PasswordRole role = PasswordRole.create(db, password)) {
            Maven.Build build = Maven.forTest(info, new Settings().write(tmp.resolve("settings.xml")))
                    .withUserHome(Files.createDirectories(tmp.resolve("home")), Map.of())
                    .run(deploy, Maven.PLUGIN + ":apply", "-Dsem.dir=" + project.dir(), "-Dsem.url=" + url(db, role));
            build.failed();
            assertThat(build.lines(l -> l.startsWith("[ERROR] Failed to execute goal")))
                    .singleElement()
                    .asString()
                    .contains("Could not connect to " + url(db, role))
                    .endsWith("; no password was found; give one in: settings.xml server sem-db (username and"
                            + " password; an encrypted password works), PGPASSWORD, then ~/.pgpass (or the file"
                            + " PGPASSFILE names); Maven runs in batch mode (-B), so sem cannot ask for it; run"
                            + " without -B at a terminal to be asked -> [Help 1]");
            assertThat(build.log()).doesNotContain("Password for").doesNotContain(password);
            assertThat(Databases.hasHistory(db)).isFalse();
        }
    }

    @Test
    void anInteractiveRunAsksOnTheTerminalAndApplies(TestDatabase db, TestInfo info) throws Exception {
        Path script = Path.of("/usr/bin/script");
        if (!Files.isExecutable(script)) {
            throw new AssertionError("the interactive scenario needs script(1) from util-linux (bsdutils)");
        }
        String password = "typed-secret-" + UUID.randomUUID();
        SchemaProject project = project();
        Path deploy = Files.createDirectories(tmp.resolve("deploy"));
        Path settings = new Settings().write(tmp.resolve("settings.xml"));
        Path home = Files.createDirectories(tmp.resolve("home"));
        try (PasswordRole role = PasswordRole.create(db, password)) {
            String prompt = "Password for " + role.name() + "@" + db.server().hostAndPort() + "/" + db.name() + ": ";
            List<String> mvn = List.of(
                    Path.of(Maven.property("maven.home"), "bin", "mvn").toString(),
                    "-ntp",
                    "-Dstyle.color=never",
                    "-s",
                    settings.toString(),
                    "-Dmaven.repo.local=" + Maven.LOCAL_REPOSITORY,
                    Maven.PLUGIN + ":apply",
                    "-Dsem.dir=" + project.dir(),
                    "-Dsem.url=" + url(db, role));
            Terminal run = Terminal.run(deploy, home, mvn, prompt, password);
            Path log = Path.of(Maven.property("sem.it.logs"), "PasswordPromptIT", "interactive.log");
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ " + String.join(" ", mvn) + "\n# exit " + run.exitCode() + "\n" + run.output());

            assertThat(run.output()).as("the build's output, in %s", log).contains(prompt);
            assertThat(run.exitCode())
                    .as("the build's exit code, output in %s", log)
                    .isZero();
            assertThat(run.output()).contains("BUILD SUCCESS").doesNotContain(password);
            assertThat(appliedScripts(db)).containsExactly("20260101-000000.sql");
            assertThat(Databases.query(db, "SELECT tableowner FROM pg_tables WHERE tablename = 'accounts'"))
                    .containsExactly(role.name());
        }
    }

    /** A command run at a pseudo-terminal ({@code script -qec}), answering one prompt. */
    record Terminal(int exitCode, String output) {

        static Terminal run(Path dir, Path home, List<String> command, String prompt, String answer) throws Exception {
            StringBuilder line = new StringBuilder();
            for (String word : command) {
                line.append(line.length() == 0 ? "" : " ")
                        .append("'")
                        .append(word.replace("'", "'\\''"))
                        .append("'");
            }
            List<String> script = new ArrayList<>(List.of("/usr/bin/script", "-qec", line.toString(), "/dev/null"));
            ProcessBuilder builder =
                    new ProcessBuilder(script).directory(dir.toFile()).redirectErrorStream(true);
            // A person at a terminal: Maven 4 makes a build non-interactive when CI is set, as it is on CI machines.
            builder.environment().remove("CI");
            String opts = System.getenv("MAVEN_OPTS");
            builder.environment()
                    .put(
                            "MAVEN_OPTS",
                            (opts == null ? "" : opts + " ") + "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Duser.home="
                                    + home);
            Process process = builder.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean answered = false;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            try (InputStream in = process.getInputStream();
                    OutputStream keyboard = process.getOutputStream()) {
                byte[] buffer = new byte[8192];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    if (!answered && out.toString(StandardCharsets.UTF_8).contains(prompt)) {
                        keyboard.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                        keyboard.flush();
                        answered = true;
                    }
                    if (System.nanoTime() > deadline) {
                        process.destroyForcibly();
                        break;
                    }
                }
                if (!process.waitFor(1, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                }
            }
            return new Terminal(
                    process.waitFor(), out.toString(StandardCharsets.UTF_8).replace("\r", ""));
        }
    }
}

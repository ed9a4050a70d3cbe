package dev.sem.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newcomer's path, exactly as written: the {@code sh} blocks of README's "Quick start for a schema repository" run
 * in one shell from the root of this checkout (they generate a repository with the checkout's wrapper, write a
 * script, add it with {@code sem:add}, verify, commit and build), then the {@code sh} blocks of the generated
 * repository's own "Add a script" section run in the generated repository. Nothing in the commands is changed: the
 * environment points Maven at the staged local repository and settings ({@code MAVEN_ARGS}), {@code mktemp} at this
 * test's directory ({@code TMPDIR}), and gives git an identity, as README tells a newcomer to configure. The shell's
 * trace and output are kept in {@code target/e2e-logs/QuickStartIT/}.
 */
class QuickStartIT {

    @TempDir
    Path tmp;

    @Test
    void readmeQuickStartThenTheGeneratedReadmeRunAsWritten() throws Exception {
        Path checkout = Path.of(Maven.property("sem.it.checkout")).toRealPath();
        Path settings = new Settings().write(tmp.resolve("settings.xml"));
        Path temp = Files.createDirectories(tmp.resolve("tmp"));
        Path logs = Files.createDirectories(Path.of(Maven.property("sem.it.logs"), "QuickStartIT"));
        Map<String, String> env = Map.of(
                "MAVEN_ARGS", "-B -ntp -s " + settings + " -Dmaven.repo.local=" + Maven.LOCAL_REPOSITORY,
                "TMPDIR", temp.toString(),
                "GIT_AUTHOR_NAME", "Newcomer",
                "GIT_AUTHOR_EMAIL", "newcomer@example.com",
                "GIT_COMMITTER_NAME", "Newcomer",
                "GIT_COMMITTER_EMAIL", "newcomer@example.com");

        List<String> quickStart = shBlocks(checkout.resolve("README.md"), "## Quick start for a schema repository");
        assertThat(quickStart).as("README's quick start blocks").hasSize(2);
        assertThat(String.join("\n", quickStart))
                .contains("archetype:generate")
                .contains("sem:add")
                .contains("git commit")
                .contains("./mvnw verify");
        String first = run(
                checkout,
                String.join("\n", quickStart) + "\npwd > " + tmp.resolve("project-dir") + "\n",
                env,
                logs.resolve("01-readme-quick-start.log"));
        Path project = Path.of(Files.readString(tmp.resolve("project-dir")).strip());
        assertThat(project.getFileName()).hasToString("crm-db");
        assertThat(first).contains("sem:verify: 1 script(s) apply cleanly").contains("BUILD SUCCESS");
        assertThat(git(project, "status", "--porcelain"))
                .as("everything committed")
                .isEmpty();
        assertThat(scripts(project)).hasSize(1);

        List<String> added = shBlocks(project.resolve("README.md"), "## Add a script");
        assertThat(added).as("the generated README's Add a script blocks").hasSize(1);
        String second = run(project, added.get(0), env, logs.resolve("02-generated-readme-add-a-script.log"));
        assertThat(second).contains("sem:verify: 2 script(s) apply cleanly").contains("BUILD SUCCESS");
        assertThat(git(project, "status", "--porcelain"))
                .as("everything committed")
                .isEmpty();
        assertThat(scripts(project)).hasSize(2);
        assertThat(git(project, "log", "--format=%s")).contains("Create customer", "Add customer email");
        assertThat(project.resolve("target/crm-db-1.0.0-SNAPSHOT.tar.gz")).isRegularFile();
    }

    /** The {@code ```sh} blocks of the section under {@code heading}, up to the next heading of the same level. */
    static List<String> shBlocks(Path markdown, String heading) throws IOException {
        String text = Files.readString(markdown);
        int start = text.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading + " in " + markdown).isNotNegative();
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = text.indexOf("\n" + level, start + heading.length() + 1);
        String section = text.substring(start, end < 0 ? text.length() : end);
        List<String> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("\n```sh\n", at)) >= 0) {
            int close = section.indexOf("\n```\n", at + 7);
            blocks.add(section.substring(at + 7, close + 1));
            at = close + 5;
        }
        return blocks;
    }

    private static String run(Path dir, String script, Map<String, String> env, Path log) throws Exception {
        ProcessBuilder bash = new ProcessBuilder("bash", "-euxo", "pipefail", "-c", script)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        bash.environment().putAll(env);
        long started = System.nanoTime();
        Process process = bash.start();
        boolean done = process.waitFor(20, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done && process.exitValue() == 0)
                .as("the commands as written, in " + dir + " (log " + log + "):\n" + script + "\n--- output:\n"
                        + output)
                .isTrue();
        System.out.printf(
                "[sem-e2e] %s: ran as written in %d s (log %s)%n",
                log.getFileName(), Duration.ofNanos(System.nanoTime() - started).toSeconds(), log);
        return output;
    }

    private static List<String> scripts(Path project) throws IOException {
        try (Stream<Path> files = Files.list(project.resolve("scripts"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        return SchemaProject.existing(dir).git(args);
    }
}

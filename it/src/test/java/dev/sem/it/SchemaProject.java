package dev.sem.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A schema repository in a temporary directory: a git work tree with {@code scripts/}, made from
 * {@code src/test/projects/schema} or generated from the archetype.
 */
final class SchemaProject {

    private final Path dir;

    private SchemaProject(Path dir) {
        this.dir = dir;
    }

    /** Copies the template, fills in the coordinates and starts a git repository with nothing committed. */
    static SchemaProject fromTemplate(Path dir, String groupId, String artifactId, String version) {
        try {
            Files.createDirectories(dir.resolve("scripts"));
            String pom = Files.readString(Maven.PROJECTS.resolve("schema/pom.xml"))
                    .replace("@groupId@", groupId)
                    .replace("@artifactId@", artifactId)
                    .replace("@version@", version)
                    .replace("@semVersion@", Maven.SEM_VERSION);
            Files.writeString(dir.resolve("pom.xml"), pom);
            Files.writeString(dir.resolve("scripts/.exists"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SchemaProject project = new SchemaProject(dir);
        project.git("init", "-q");
        return project;
    }

    /** An existing directory (a project generated from the archetype). */
    static SchemaProject existing(Path dir) {
        return new SchemaProject(dir);
    }

    Path dir() {
        return dir;
    }

    Path scripts() {
        return dir.resolve("scripts");
    }

    /** Writes {@code scripts/<name>}. */
    SchemaProject script(String name, String sql) {
        try {
            Files.writeString(scripts().resolve(name), sql, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The {@code .sql} files in {@code scripts/}, sorted. */
    List<String> scriptNames() {
        try (var files = Files.list(scripts())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the project version in pom.xml (the first {@code <version>} after the artifactId). */
    SchemaProject version(String from, String to) {
        Path pom = dir.resolve("pom.xml");
        try {
            String text = Files.readString(pom);
            String old = "<version>" + from + "</version>";
            int at = text.indexOf(old);
            if (at < 0) {
                throw new IllegalStateException(pom + " has no " + old);
            }
            Files.writeString(
                    pom, text.substring(0, at) + "<version>" + to + "</version>" + text.substring(at + old.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Stages everything and commits. */
    SchemaProject commit(String message) {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return this;
    }

    /** Tags HEAD as a release. */
    SchemaProject tag(String name) {
        git("tag", "-a", "-m", name, name);
        return this;
    }

    /** Runs git in the project, without the user's or the system's configuration, and returns its output. */
    String git(String... args) {
        List<String> command = new ArrayList<>(List.of(
                "git",
                "-c",
                "user.name=it",
                "-c",
                "user.email=it@example.com",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "tag.gpgsign=false",
                "-c",
                "init.defaultBranch=main"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed in " + dir + ":\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

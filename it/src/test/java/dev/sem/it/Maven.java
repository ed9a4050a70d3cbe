package dev.sem.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.MavenInvocationException;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs real Maven builds, with the Maven that runs this build ({@code maven.home}), the local repository
 * {@code invoker:install} staged the plugin and archetype in ({@code target/local-repo}), and a settings file of the
 * test's own. Every build's log is kept in {@code target/e2e-logs/<class>/<method>/}.
 */
final class Maven {

    /** The version of the plugin and archetype under test. */
    static final String SEM_VERSION = property("semVersion");

    /** The plugin's coordinates, to run its goals by full name (no prefix resolution, no project needed). */
    static final String PLUGIN = "dev.sem:sem-maven-plugin:" + SEM_VERSION;

    /** The staged local repository shared by every build. */
    static final Path LOCAL_REPOSITORY = Path.of(property("sem.it.localRepository"));

    /** The user's local repository, served to the builds as a {@code file://} remote repository. */
    static final Path REMOTE_REPOSITORY = Path.of(property("sem.it.remoteRepository"));

    /** The project templates ({@code src/test/projects}). */
    static final Path PROJECTS = Path.of(property("sem.it.projects"));

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Path settings;
    private final Path logDir;
    private final Path userHome;
    private final Map<String, String> environment;
    private static final Map<Path, AtomicInteger> BUILDS = new ConcurrentHashMap<>();

    private Maven(Path settings, Path logDir, Path userHome, Map<String, String> environment) {
        this.settings = settings;
        this.logDir = logDir;
        this.userHome = userHome;
        this.environment = Map.copyOf(environment);
    }

    /** The major version of the Maven that runs the builds (3, or 4 with {@code -Dsem.it.maven=4}). */
    static int major() {
        String version = mavenVersion();
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    private static String mavenVersion() {
        try (var jars = Files.list(Path.of(property("maven.home"), "lib"))) {
            return jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("maven-core-") && n.endsWith(".jar"))
                    .map(n -> n.substring("maven-core-".length(), n.length() - ".jar".length()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no maven-core jar in " + property("maven.home")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same runner with another user home (where Maven looks for {@code .m2/settings-security*.xml}; the local
     * repository stays the staged one) and extra environment variables.
     */
    Maven withUserHome(Path home, Map<String, String> env) {
        return new Maven(settings, logDir, home, env);
    }

    /** A runner whose logs go to a directory named after the test. */
    static Maven forTest(TestInfo test, Path settings) {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("class");
        String klass = test.getTestClass().map(Class::getSimpleName).orElse("unknown");
        return new Maven(settings, Path.of(property("sem.it.logs"), klass, method), null, Map.of());
    }

    /** Runs {@code mvn -B -ntp -s <settings> <args>} in {@code dir} and returns its outcome. */
    Build run(Path dir, String... args) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        DefaultInvocationRequest request = new DefaultInvocationRequest();
        request.setBaseDirectory(dir.toFile());
        request.setBatchMode(true);
        request.setNoTransferProgress(true);
        request.setLocalRepositoryDirectory(LOCAL_REPOSITORY.toFile());
        request.setUserSettingsFile(settings.toFile());
        request.addArgs(Arrays.asList(args));
        request.setOutputHandler(lines::add);
        request.setErrorHandler(lines::add);
        request.setTimeoutInSeconds((int) TIMEOUT.toSeconds());
        // Short builds: C1 only and the serial collector almost halve each build's time on a small machine.
        String opts = System.getenv("MAVEN_OPTS");
        request.setMavenOpts((opts == null ? "" : opts + " ") + "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + (userHome == null ? "" : " -Duser.home=" + userHome));
        environment.forEach(request::addShellEnvironment);
        DefaultInvoker invoker = new DefaultInvoker();
        invoker.setMavenHome(new File(property("maven.home")));
        long started = System.nanoTime();
        InvocationResult result;
        try {
            result = invoker.execute(request);
        } catch (MavenInvocationException e) {
            throw new IllegalStateException("Could not run Maven: " + e.getMessage(), e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (result.getExecutionException() != null) {
            throw new IllegalStateException("Could not run Maven", result.getExecutionException());
        }
        Build build = new Build(String.join(" ", args), result.getExitCode(), List.copyOf(lines), took, null);
        return build.savedTo(save(build));
    }

    private Path save(Build build) {
        int number = BUILDS.computeIfAbsent(logDir, Maven::freshLogDir).incrementAndGet();
        String label = build.command().replaceAll("^\\S*:", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        Path file = logDir.resolve(
                String.format("%02d-%s.log", number, label.length() > 40 ? label.substring(0, 40) : label));
        try {
            Files.createDirectories(logDir);
            Files.writeString(
                    file,
                    "$ mvn " + build.command() + "\n# exit " + build.exitCode() + " after " + build.duration() + "\n"
                            + build.log() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Removes the logs an earlier run of the same test left. */
    private static AtomicInteger freshLogDir(Path dir) {
        if (Files.isDirectory(dir)) {
            try (var old = Files.list(dir)) {
                for (Path p : old.filter(f -> f.toString().endsWith(".log")).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new AtomicInteger();
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name
                    + " is not set: run the end-to-end tests with Maven (failsafe), " + "./mvnw -pl it verify");
        }
        return value;
    }

    /** One finished build. */
    record Build(String command, int exitCode, List<String> lines, Duration duration, Path logFile) {

        Build savedTo(Path file) {
            return new Build(command, exitCode, lines, duration, file);
        }

        /** The whole output. */
        String log() {
            return String.join("\n", lines);
        }

        /** The lines starting with {@code prefix}, in order. */
        List<String> linesStartingWith(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }

        List<String> lines(Predicate<String> filter) {
            return lines.stream().filter(filter).toList();
        }

        /** Asserts the build succeeded, showing its log otherwise. */
        Build succeeded() {
            assertThat(exitCode).as(() -> describe("should have succeeded")).isZero();
            return this;
        }

        /** Asserts the build failed, showing its log otherwise. */
        Build failed() {
            assertThat(exitCode).as(() -> describe("should have failed")).isNotZero();
            return this;
        }

        /** Asserts the log has this exact line. */
        Build hasLine(String line) {
            assertThat(lines)
                    .as(() -> describe("should print the line\n  " + line))
                    .contains(line);
            return this;
        }

        /** Asserts that exactly one line matches this regular expression, and returns it. */
        String lineMatching(String regex) {
            List<String> matching = lines.stream().filter(l -> l.matches(regex)).toList();
            assertThat(matching)
                    .as(() -> describe("should print one line matching\n  " + regex))
                    .hasSize(1);
            return matching.get(0);
        }

        /** The expectation, the build's outcome and the end of its log (the whole log is in {@code logFile}). */
        String describe(String expectation) {
            List<String> tail = lines.subList(Math.max(0, lines.size() - 60), lines.size());
            return "mvn " + command + " " + expectation + " (exit " + exitCode + ", log " + logFile
                    + "), its log ends:\n" + String.join("\n", tail) + "\n";
        }
    }
}

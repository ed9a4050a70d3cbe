package dev.sem.adopt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sem.EngineLog;
import dev.sem.Message;
import dev.sem.SemException;
import dev.sem.git.GitRepo;
import dev.sem.git.ReleaseTag;
import dev.sem.git.ReleaseTags;
import dev.sem.script.Script;
import dev.sem.script.ScriptReader;
import dev.sem.script.ScriptSet;

/**
 * Turns a sem (Ruby) repository ({@code scripts/} and release tags, no {@code pom.xml}) into a Maven schema repository
 * in place: writes the archetype's {@code pom.xml} and Maven Wrapper, appends the archetype's {@code .gitignore} lines
 * that are missing and a README section on the Maven commands. {@code scripts/}, the tags and everything else stay as
 * they are, and nothing is committed. Everything is checked before the first file is written: the directory must hold
 * {@code scripts/} with valid scripts and no {@code pom.xml}.
 *
 * <p>The templates are the archetype's own files ({@code sem-archetype/src/main/resources/archetype-resources}), copied
 * into this jar under {@code dev/sem/adopt/archetype/} when the plugin is built, and rendered with the subset of
 * Velocity they use ({@link Template}); an adopted repository gets the pom a generated one gets.
 */
public final class Adopter {

    /** The files {@code sem:adopt} writes, relative to the repository; each must not exist yet. */
    static final List<String> WRAPPER = List.of("mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties");

    /**
     * The archetype's JVM options for Maven ({@code -XX:TieredStopAtLevel=1}: a schema repository's builds are short,
     * and the optimizing compiler costs more CPU than it saves there); written only when the repository has none.
     */
    static final String JVM_CONFIG = ".mvn/jvm.config";

    /** The heading of the README section {@code sem:adopt} appends. */
    static final String README_HEADING = "## Build, release and apply with Maven";

    private static final String ARCHETYPE = "archetype/";
    private static final Pattern COORDINATE = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern VERSION = Pattern.compile("[0-9][0-9A-Za-z.+_-]*");
    private static final Pattern DATABASE = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final Pattern POSTGRES = Pattern.compile("1[3-8]");
    private static final Pattern TIMESTAMP =
            Pattern.compile("<project\\.build\\.outputTimestamp>[^<]*</project\\.build\\.outputTimestamp>");

    private Adopter() {}

    /**
     * What to adopt and the coordinates of the new project; a {@code null} value takes its default.
     *
     * @param dir the repository's root, holding {@code scripts/}
     * @param groupId the Maven groupId; default derived from the {@code origin} remote's URL ({@code git@github.com:acme/x}
     *     gives {@code com.github.acme}), else {@code com.example}
     * @param artifactId the Maven artifactId; default the directory's name
     * @param version the project version; default the latest release tag's next micro version with {@code -SNAPSHOT}
     *     ({@code 0.0.3-SNAPSHOT} after {@code 0.0.2}), or {@code 0.0.1-SNAPSHOT} without tags
     * @param databaseName the database the scripts are for, used in the pom's name and the README's commands; default
     *     the artifactId in lower case, '_' for characters other than letters, digits, '_' and '-'
     * @param postgresVersion the PostgreSQL major of the production server (13 to 18); default 17
     * @param semVersion the sem-maven-plugin version the pom uses (the running plugin's)
     */
    public record Request(
            Path dir,
            String groupId,
            String artifactId,
            String version,
            String databaseName,
            String postgresVersion,
            String semVersion) {}

    /**
     * What was written.
     *
     * @param coordinates the values the templates were rendered with (groupId, artifactId, version, ...)
     * @param created the files created, relative to the repository
     * @param appended the files appended to
     * @param commitCommand the git command that commits the new files
     */
    public record Result(
            Map<String, String> coordinates, List<String> created, List<String> appended, String commitCommand) {}

    /**
     * Checks the repository, then writes the files.
     *
     * @param clock the time stamped into {@code project.build.outputTimestamp}
     * @throws SemException naming the problem and its fix, before anything is written, when the directory is not a sem
     *     repository, is a Maven project already, has a wrapper of its own, holds an invalid script or a coordinate is
     *     invalid
     */
    public static Result adopt(Request request, Clock clock, EngineLog log) {
        Path dir = request.dir().toAbsolutePath().normalize();
        checkRepository(dir, log);
        Map<String, String> values = coordinates(request, dir, log);

        String pom = stamp(Template.render("pom.xml", resource(ARCHETYPE + "pom.xml"), values), clock.instant());
        String readmeSection = Template.render("README-section.md", resource("README-section.md"), values);
        List<String> ignored = resource(ARCHETYPE + ".gitignore").lines().toList();

        List<String> created = new ArrayList<>();
        List<String> appended = new ArrayList<>();
        for (String file : WRAPPER) {
            write(dir.resolve(file), bytes(ARCHETYPE + file));
            created.add(file);
        }
        if (!Files.exists(dir.resolve(JVM_CONFIG), LinkOption.NOFOLLOW_LINKS)) {
            write(dir.resolve(JVM_CONFIG), bytes(ARCHETYPE + JVM_CONFIG));
            created.add(JVM_CONFIG);
        }
        makeExecutable(dir.resolve("mvnw"), log);
        (appendMissingLines(dir.resolve(".gitignore"), ignored) ? appended : created).add(".gitignore");
        Path readme = dir.resolve("README.md");
        if (!Files.exists(readme)) {
            write(readme, readmeSection.getBytes(StandardCharsets.UTF_8));
            created.add("README.md");
        } else if (!read(readme).lines().anyMatch(README_HEADING::equals)) {
            append(readme, readmeSection);
            appended.add("README.md");
        }
        // Last: pom.xml is what marks the repository as adopted; a failure before it leaves a retry possible.
        write(dir.resolve("pom.xml"), pom.getBytes(StandardCharsets.UTF_8));
        created.add("pom.xml");

        List<String> paths = new ArrayList<>(List.of("pom.xml", "mvnw", "mvnw.cmd", ".mvn", ".gitignore"));
        if (created.contains("README.md") || appended.contains("README.md")) {
            paths.add("README.md");
        }
        String commit = "git add " + String.join(" ", paths) + " && git commit -m 'Build with Maven (sem-maven-plugin "
                + values.get("semVersion") + ")'";
        return new Result(values, List.copyOf(created), List.copyOf(appended), commit);
    }

    /** Refuses anything but a sem repository without a pom, with valid scripts; reads, writes nothing. */
    static void checkRepository(Path dir, EngineLog log) {
        if (!Files.isDirectory(dir)) {
            throw new SemException(dir + " is not a directory: run adopt in the root of a sem repository");
        }
        if (Files.exists(dir.resolve("pom.xml"), LinkOption.NOFOLLOW_LINKS)) {
            throw new SemException(dir.resolve("pom.xml") + " exists already: " + dir
                    + " is a Maven project, there is nothing to adopt. adopt writes a new pom.xml only; to adopt the"
                    + " repository again, move pom.xml away first");
        }
        if (!Files.isDirectory(dir.resolve(ScriptSet.SCRIPTS_DIR))) {
            throw new SemException(dir + " has no scripts/ directory, so it is not a sem repository: run adopt in the"
                    + " root of a sem (Ruby) repository (the directory that holds scripts/), or generate a new schema"
                    + " repository with the archetype (archetype:generate -DarchetypeArtifactId=sem-archetype)");
        }
        List<String> existing = WRAPPER.stream()
                .filter(f -> Files.exists(dir.resolve(f), LinkOption.NOFOLLOW_LINKS))
                .toList();
        if (!existing.isEmpty()) {
            throw new SemException(dir + " has a Maven Wrapper already (" + String.join(", ", existing)
                    + "): adopt writes the wrapper the archetype pins and overwrites nothing. Move "
                    + String.join(", ", existing) + " away and run adopt again");
        }
        ScriptSet scripts = ScriptSet.scan(dir);
        scripts.warnings().forEach(log::warn);
        Optional<Message> invalid = scripts.invalidNamesMessage();
        if (invalid.isPresent()) {
            throw new SemException(Message.text("Nothing written: ").then(invalid.get()));
        }
        ScriptReader reader = new ScriptReader(dir, ScriptReader.Options.defaults(), log);
        for (Script script : scripts.scripts()) {
            try {
                reader.read(script);
            } catch (SemException e) {
                throw new SemException("Nothing written: " + e.getMessage(), e);
            }
        }
        log.info("scripts/ holds " + scripts.scripts().size() + " valid script(s)");
    }

    /** The template values: the request's, or their defaults, each checked. */
    static Map<String, String> coordinates(Request request, Path dir, EngineLog log) {
        Optional<String> origin = Optional.empty();
        Optional<ReleaseTag> latest = Optional.empty();
        try (GitRepo repo = GitRepo.open(dir)) {
            origin = Optional.ofNullable(repo.repository().getConfig().getString("remote", "origin", "url"));
            latest = new ReleaseTags(repo).latest();
        } catch (SemException e) {
            if (!e.isUserError()) {
                throw e;
            }
            log.warn(dir + " is not in a git work tree: the build packages the scripts committed at HEAD, so run"
                    + " git init and commit scripts/ before ./mvnw verify");
        }
        Optional<String> remote = origin;
        String artifactId = orDefault(request.artifactId(), () -> artifactIdOf(dir));
        String groupId = orDefault(
                request.groupId(),
                () -> remote.flatMap(Adopter::groupIdOf).orElseGet(() -> {
                    log.warn("No groupId given and no origin remote to derive one from: using com.example; set"
                            + " <groupId> in pom.xml (or run adopt again with -DgroupId=...)");
                    return "com.example";
                }));
        Optional<ReleaseTag> tag = latest;
        String version = orDefault(
                request.version(),
                () -> tag.map(t -> t.next(ReleaseTag.Component.MICRO))
                                .map(t -> t.major() + "." + t.minor() + "." + t.micro())
                                .orElse(ReleaseTags.FIRST)
                        + "-SNAPSHOT");
        String databaseName = orDefault(request.databaseName(), () -> databaseNameOf(artifactId));
        String postgresVersion = orDefault(request.postgresVersion(), () -> "17");

        Map<String, String> values = new LinkedHashMap<>();
        values.put("groupId", check("groupId", groupId, COORDINATE, "letters, digits, '.', '_' or '-'"));
        values.put(
                "artifactId",
                check(
                        "artifactId",
                        artifactId,
                        COORDINATE,
                        "letters, digits, '.', '_' or '-' (it defaults to the" + " directory's name)"));
        values.put("version", check("version", version, VERSION, "a version such as 1.0.0-SNAPSHOT"));
        values.put(
                "databaseName",
                check(
                        "databaseName",
                        databaseName,
                        DATABASE,
                        "a lower-case letter, then up to 62 lower-case letters, digits, '_' or '-' (it defaults to"
                                + " the artifactId)"));
        values.put(
                "postgresVersion",
                check("postgresVersion", postgresVersion, POSTGRES, "a PostgreSQL major from 13 to 18"));
        values.put("semVersion", request.semVersion());
        values.put("repositoryKind", "schema");
        return values;
    }

    /**
     * A groupId from a remote's URL: the host reversed, then the path without the repository's name
     * ({@code git@github.com:acme/crm-db.git} and {@code https://github.com/acme/crm-db} give {@code com.github.acme}).
     */
    static Optional<String> groupIdOf(String url) {
        Matcher m = Pattern.compile("^(?:[a-z+]+://)?(?:[^@/]+@)?([^:/]+)(?::\\d+)?[:/](.+)$")
                .matcher(url.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(Arrays.asList(
                m.group(1).toLowerCase(Locale.ROOT).replaceFirst("^www\\.", "").split("\\.")));
        Collections.reverse(parts);
        List<String> path = new ArrayList<>(Arrays.asList(m.group(2).split("/")));
        path.remove(path.size() - 1);
        parts.addAll(path);
        List<String> clean = parts.stream()
                .map(p -> p.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-"))
                .filter(p -> !p.isEmpty() && !p.equals("scm"))
                .toList();
        return clean.isEmpty() ? Optional.empty() : Optional.of(String.join(".", clean));
    }

    /** The artifactId as a database name, as the archetype suggests one: lower case, '_' for other characters. */
    private static String databaseNameOf(String artifactId) {
        String name = artifactId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        if (!name.matches("[a-z].*")) {
            name = "db_" + name;
        }
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    private static String artifactIdOf(Path dir) {
        Path name = dir.getFileName();
        String id = name == null ? "" : name.toString().replaceAll("[^A-Za-z0-9_.-]", "-");
        return id.isEmpty() ? "schema" : id;
    }

    private static String orDefault(String value, Supplier<String> fallback) {
        return value == null || value.isBlank() ? fallback.get() : value.strip();
    }

    private static String check(String name, String value, Pattern pattern, String rule) {
        if (!pattern.matcher(value).matches()) {
            throw new SemException(name + "=" + value + " is not valid: use " + rule + ". Nothing written");
        }
        return value;
    }

    /** Replaces the template's fixed outputTimestamp with the adoption time, as the archetype stamps its own. */
    private static String stamp(String pom, Instant now) {
        String stamped = TIMESTAMP
                .matcher(pom)
                .replaceFirst("<project.build.outputTimestamp>" + now.truncatedTo(ChronoUnit.SECONDS)
                        + "</project.build.outputTimestamp>");
        if (stamped.equals(pom)) {
            throw new IllegalStateException("The archetype's pom.xml has no project.build.outputTimestamp");
        }
        return stamped;
    }

    /** Appends the lines of {@code lines} that the file lacks; returns whether the file existed. */
    private static boolean appendMissingLines(Path file, List<String> lines) {
        if (!Files.exists(file)) {
            write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            return false;
        }
        Set<String> present = Set.copyOf(read(file).lines().map(String::strip).toList());
        List<String> missing =
                lines.stream().filter(l -> !present.contains(l.strip())).toList();
        if (!missing.isEmpty()) {
            append(file, "# Maven (sem-maven-plugin)\n" + String.join("\n", missing) + "\n");
        }
        return true;
    }

    /** Appends {@code text} after a line break (and a blank line for README sections). */
    private static void append(Path file, String text) {
        String existing = read(file);
        String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
        if (text.startsWith("#") && file.getFileName().toString().endsWith(".md") && !existing.isEmpty()) {
            separator += "\n";
        }
        write(file, (existing + separator + text).getBytes(StandardCharsets.UTF_8));
    }

    private static void makeExecutable(Path file, EngineLog log) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try {
            Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(file));
            permissions.addAll(Set.of(
                    PosixFilePermission.OWNER_EXECUTE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
            Files.setPosixFilePermissions(file, permissions);
        } catch (IOException e) {
            log.warn("Could not make " + file + " executable (" + e.getMessage() + "): run chmod +x mvnw");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw SemException.environment("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** A template of this jar: the archetype's files under {@code archetype/}, the README section beside them. */
    static byte[] bytes(String name) {
        try (InputStream in = Adopter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw SemException.environment(
                        "The plugin jar lacks its template dev/sem/adopt/" + name + ": the build is broken", null);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw SemException.environment("Cannot read the template " + name + ": " + e.getMessage(), e);
        }
    }
}

package dev.sem.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static dev.sem.it.Databases.semUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migrating from sem (Ruby): a repository as sem made it (scripts/ with sem-add names, one of them
 * {@code transaction = none}, release tags 0.0.1 and 0.0.2, no pom.xml) is adopted in place by
 * {@code mvn dev.sem:sem-maven-plugin:<version>:adopt}; its scripts and tags stay byte for byte; its new wrapper's
 * {@code ./mvnw verify} is green at once (before anything is committed); {@code sem:apply} applies every script to a
 * real PostgreSQL; a second adopt is refused.
 */
@ExtendWith(TestPostgres.class)
class AdoptIT {

    private static final String FIRST = "20130318-214407.sql";
    private static final String SECOND = "20130319-101500.sql";

    @TempDir
    Path tmp;

    @Test
    void adoptThenWrapperVerifyThenApply(TestDatabase db, TestInfo info) throws Exception {
        Path settings = Settings.forDatabase(db).write(tmp.resolve("settings.xml"));
        Maven mvn = Maven.forTest(info, settings);
        Path logs = Files.createDirectories(Path.of(Maven.property("sem.it.logs"), "AdoptIT"));

        // A sem (Ruby) repository: sem-init's scripts/, two scripts added and tagged with sem's release tags.
        SchemaProject project = SchemaProject.existing(
                Files.createDirectories(tmp.resolve("crm-db/scripts")).getParent());
        project.git("init", "-q");
        project.git("remote", "add", "origin", "git@git.example.com:db/crm-db.git");
        Files.writeString(project.scripts().resolve(".exists"), "");
        Files.writeString(project.dir().resolve(".gitignore"), "*.log\n");
        Files.writeString(project.dir().resolve("README.md"), "# crm\n\nThe crm database's scripts (sem).\n");
        project.script(FIRST, "create table customer (id bigint primary key, name text not null);\n")
                .commit("Create customer")
                .tag("0.0.1");
        project.script(
                        SECOND,
                        "-- sem.attribute.transaction = none\n"
                                + "create index concurrently customer_name on customer (name);\n")
                .commit("Index customer names")
                .tag("0.0.2");
        Map<String, String> scripts = files(project.scripts());
        String tags = project.git("show-ref", "--tags", "--dereference");
        assertThat(tags).contains("refs/tags/0.0.1^{}", "refs/tags/0.0.2^{}");

        // 1. Adopt.
        Maven.Build adopt = mvn.run(
                        project.dir(),
                        Maven.PLUGIN + ":adopt",
                        "-DpostgresVersion=" + System.getProperty("sem.test.postgres", "17"))
                .succeeded()
                .hasLine("[INFO] scripts/ holds 2 valid script(s)");
        adopt.lineMatching("\\[INFO\\] Adopted .*crm-db as com\\.example\\.git\\.db:crm-db:0\\.0\\.3-SNAPSHOT .*");
        adopt.lineMatching(
                "\\[INFO\\]   git add pom\\.xml mvnw mvnw\\.cmd \\.mvn \\.gitignore README\\.md && git commit .*");
        assertThat(files(project.scripts())).as("scripts/, byte for byte").isEqualTo(scripts);
        assertThat(project.git("show-ref", "--tags", "--dereference"))
                .as("the tags")
                .isEqualTo(tags);
        assertThat(project.git("status", "--porcelain").lines())
                .as("only new files and the appended ones; nothing in scripts/")
                .containsExactlyInAnyOrder(
                        " M .gitignore", " M README.md", "?? .mvn/", "?? mvnw", "?? mvnw.cmd", "?? pom.xml");
        assertThat(Files.readString(project.dir().resolve("pom.xml")))
                .contains("<version>" + Maven.SEM_VERSION + "</version>");
        assertThat(Files.readString(project.dir().resolve(".gitignore")))
                .startsWith("*.log\n")
                .contains("\ntarget/\n");
        assertThat(Files.readString(project.dir().resolve("README.md")))
                .startsWith("# crm\n\nThe crm database's scripts (sem).\n\n## Build, release and apply with Maven\n");
        System.out.printf("[sem-e2e] 1/4 adopted in %.1f s: %s%n", seconds(adopt), project.dir());

        // The same pom and wrapper as archetype:generate writes for the same coordinates (one set of templates).
        Path work = Files.createDirectories(tmp.resolve("generated"));
        mvn.run(
                        work,
                        "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
                        "-DarchetypeGroupId=dev.sem",
                        "-DarchetypeArtifactId=sem-archetype",
                        "-DarchetypeVersion=" + Maven.SEM_VERSION,
                        "-DgroupId=com.example.git.db",
                        "-DartifactId=crm-db",
                        "-Dversion=0.0.3-SNAPSHOT",
                        "-DpostgresVersion=" + System.getProperty("sem.test.postgres", "17"),
                        "-DinteractiveMode=false")
                .succeeded();
        Path generated = work.resolve("crm-db");
        assertThat(withoutTimestamp(project.dir().resolve("pom.xml")))
                .as("the adopted pom is the generated one")
                .isEqualTo(withoutTimestamp(generated.resolve("pom.xml")));
        for (String file :
                new String[] {"mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties", ".mvn/jvm.config"}) {
            assertThat(project.dir().resolve(file)).hasSameBinaryContentAs(generated.resolve(file));
        }

        // 2. The new wrapper, as a user runs it: green at once, before anything is committed.
        String verify = wrapper(project.dir(), settings, logs.resolve("mvnw-verify.log"), "verify");
        assertThat(verify)
                .contains("sem:verify: 2 script(s) apply cleanly")
                .contains("crm-db-0.0.3-SNAPSHOT.tar.gz")
                .contains("BUILD SUCCESS");
        assertThat(project.dir().resolve("target/crm-db-0.0.3-SNAPSHOT.tar.gz")).isRegularFile();
        System.out.println("[sem-e2e] 2/4 ./mvnw verify green at once: "
                + verify.lines()
                        .filter(l -> l.contains("sem:verify: "))
                        .findFirst()
                        .orElseThrow());

        // 3. sem:apply to a real database, from the adopted checkout.
        String url = semUrl(db);
        Maven.Build apply =
                mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + url).succeeded();
        assertThat(appliedScripts(db)).containsExactly(FIRST, SECOND);
        assertThat(Databases.query(db, "SELECT to_regclass('customer_name') IS NOT NULL"))
                .containsExactly("t");
        System.out.printf(
                "[sem-e2e] 3/4 sem:apply applied %s, %s to %s (%.1f s)%n", FIRST, SECOND, url, seconds(apply));

        // 4. Adopting again is refused, naming the pom.
        Maven.Build again = mvn.run(project.dir(), Maven.PLUGIN + ":adopt").failed();
        again.lineMatching(".*pom\\.xml exists already: .* is a Maven project, there is nothing to adopt.*");
        assertThat(files(project.scripts())).isEqualTo(scripts);
        System.out.println("[sem-e2e] 4/4 a second adopt is refused: pom.xml exists already");
    }

    /** Runs the adopted repository's own {@code ./mvnw}, pointed at the staged repository as QuickStartIT does. */
    private static String wrapper(Path dir, Path settings, Path log, String... goals) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                        Stream.concat(Stream.of("./mvnw"), Stream.of(goals)).toList())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .put("MAVEN_ARGS", "-B -ntp -s " + settings + " -Dmaven.repo.local=" + Maven.LOCAL_REPOSITORY);
        Process process = builder.start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        if (!done) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done && process.exitValue() == 0)
                .as("./mvnw " + String.join(" ", goals) + " in " + dir + " (log " + log + "):\n" + output)
                .isTrue();
        return output;
    }

    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        assertThat(files).containsKeys(".exists", FIRST, SECOND);
        return files;
    }

    private static String withoutTimestamp(Path pom) throws Exception {
        return Files.readString(pom)
                .replaceFirst("<project\\.build\\.outputTimestamp>[^<]+<", "<project.build.outputTimestamp><");
    }

    private static double seconds(Maven.Build build) {
        return build.duration().toMillis() / 1000.0;
    }
}

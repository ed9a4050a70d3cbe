package dev.sem.adopt;

import javax.xml.parsers.DocumentBuilderFactory;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.sem.SemException;
import dev.sem.testing.CollectingLog;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdopterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T04:30:15.250Z"), ZoneOffset.UTC);
    private static final Path ARCHETYPE = Path.of("../sem-archetype/src/main/resources/archetype-resources");
    private static final String FIRST = "create table customer (id bigint primary key, name text not null);\n";
    private static final String SECOND =
            "-- sem.attribute.transaction = none\n" + "create index concurrently customer_name on customer (name);\n";

    @TempDir
    Path tmp;

    @Test
    void adoptsARubySemRepositoryLeavingScriptsAndTagsAsTheyAre() throws Exception {
        Path repo = semRepository(tmp.resolve("crm-db"));
        Files.writeString(repo.resolve(".gitignore"), "*.log\ntarget/"); // no final line break
        Files.writeString(repo.resolve("README.md"), "# crm\n\nThe crm database.\n");
        Map<String, ObjectId> tags = tags(repo);
        Map<String, String> scripts = files(repo.resolve("scripts"));
        CollectingLog log = new CollectingLog();

        Adopter.Result result = Adopter.adopt(request(repo), CLOCK, log);

        assertThat(result.coordinates())
                .containsEntry("groupId", "com.github.acme")
                .containsEntry("artifactId", "crm-db")
                .containsEntry("version", "0.0.3-SNAPSHOT")
                .containsEntry("databaseName", "crm-db")
                .containsEntry("postgresVersion", "17");
        assertThat(result.created())
                .containsExactly(
                        "mvnw", "mvnw.cmd", ".mvn/wrapper/maven-wrapper.properties", ".mvn/jvm.config", "pom.xml");
        assertThat(result.appended()).containsExactly(".gitignore", "README.md");
        assertThat(result.commitCommand())
                .isEqualTo("git add pom.xml mvnw mvnw.cmd .mvn .gitignore README.md"
                        + " && git commit -m 'Build with Maven (sem-maven-plugin 9.9.9)'");
        assertThat(log.text()).contains("scripts/ holds 2 valid script(s)");

        // scripts/ and the tags: untouched, byte for byte.
        assertThat(files(repo.resolve("scripts"))).isEqualTo(scripts);
        assertThat(tags(repo)).isEqualTo(tags);

        // The archetype's pom, filled in and stamped; valid XML.
        String pom = Files.readString(repo.resolve("pom.xml"));
        assertThat(pom)
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project ")
                .contains("<groupId>com.github.acme</groupId>\n  <artifactId>crm-db</artifactId>\n"
                        + "  <version>0.0.3-SNAPSHOT</version>")
                .contains("<name>crm-db schema</name>")
                .contains("<artifactId>sem-maven-plugin</artifactId>\n        <version>9.9.9</version>")
                .contains("<goal>validate</goal>", "<goal>package</goal>", "<goal>verify</goal>")
                .contains("<sem.verify.postgres>17</sem.verify.postgres>")
                .contains("<sem.lint.postgresVersion>${sem.verify.postgres}</sem.lint.postgresVersion>")
                .contains("<project.build.outputTimestamp>2026-12-02T04:30:15Z</project.build.outputTimestamp>")
                .contains("com.github.acme:crm-db:tar.gz:scripts:<version>")
                .doesNotContain("#set", "#if", "#else", "#end", "verifyCall", "config.json");
        assertThat(pom.replace("${sem.verify.postgres}", "")).doesNotContain("${");
        Document xml = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(pom.getBytes(StandardCharsets.UTF_8)));
        assertThat(xml.getDocumentElement().getTagName()).isEqualTo("project");

        // The wrapper: the archetype's files byte for byte, mvnw executable.
        for (String file : Adopter.WRAPPER) {
            assertThat(repo.resolve(file)).hasBinaryContent(Files.readAllBytes(ARCHETYPE.resolve(file)));
        }
        assertThat(Files.isExecutable(repo.resolve("mvnw"))).isTrue();
        assertThat(Files.readString(repo.resolve(".mvn/wrapper/maven-wrapper.properties")))
                .contains("apache-maven-3.9.16-bin.zip");

        // .gitignore: every line kept, the archetype's missing ones appended once.
        assertThat(Files.readString(repo.resolve(".gitignore")))
                .isEqualTo("*.log\ntarget/\n# Maven (sem-maven-plugin)\n*.iml\n.idea/\n.vscode/\n.DS_Store\n");

        // README.md: kept, the section appended after a blank line.
        String readme = Files.readString(repo.resolve("README.md"));
        assertThat(readme)
                .startsWith("# crm\n\nThe crm database.\n\n" + Adopter.README_HEADING + "\n")
                .contains("mvn dev.sem:sem-maven-plugin:9.9.9:apply -Dsem.artifact=com.github.acme:crm-db:1.0.0")
                .contains("./mvnw sem:apply -Dsem.url=postgresql://$USER@localhost/crm-db")
                .doesNotContain("#set", "${");
    }

    @Test
    void createsReadmeAndGitignoreAndTakesTheGivenCoordinates() throws Exception {
        Path repo = semRepository(tmp.resolve("Legacy Repo"));
        try (Git git = Git.open(repo.toFile())) {
            git.tagDelete().setTags("0.0.1", "0.0.2").call();
        }

        Adopter.Result result = Adopter.adopt(
                new Adopter.Request(repo, "com.example.db", "crm", "2.0.0-SNAPSHOT", "crm", "15", "9.9.9"),
                CLOCK,
                new CollectingLog());

        assertThat(result.created())
                .containsExactly(
                        "mvnw",
                        "mvnw.cmd",
                        ".mvn/wrapper/maven-wrapper.properties",
                        ".mvn/jvm.config",
                        ".gitignore",
                        "README.md",
                        "pom.xml");
        assertThat(repo.resolve(".gitignore")).hasBinaryContent(Files.readAllBytes(ARCHETYPE.resolve(".gitignore")));
        assertThat(Files.readString(repo.resolve("README.md"))).startsWith(Adopter.README_HEADING + "\n");
        assertThat(Files.readString(repo.resolve("pom.xml")))
                .contains("<groupId>com.example.db</groupId>\n  <artifactId>crm</artifactId>\n"
                        + "  <version>2.0.0-SNAPSHOT</version>")
                .contains("<sem.verify.postgres>15</sem.verify.postgres>");
    }

    @Test
    void defaultsWithoutGitOrTags() throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("Old.Schema/scripts")).getParent();
        CollectingLog log = new CollectingLog();

        Adopter.Result result = Adopter.adopt(request(repo), CLOCK, log);

        assertThat(result.coordinates())
                .containsEntry("groupId", "com.example")
                .containsEntry("artifactId", "Old.Schema")
                .containsEntry("version", "0.0.1-SNAPSHOT")
                .containsEntry("databaseName", "old_schema");
        assertThat(log.text()).contains("is not in a git work tree", "using com.example");
    }

    @Test
    void refusesBeforeWritingAnything() throws Exception {
        Path repo = semRepository(tmp.resolve("crm"));
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        assertRefused(repo, "pom.xml exists already", "nothing to adopt");

        Files.delete(repo.resolve("pom.xml"));
        Files.writeString(repo.resolve("mvnw"), "#!/bin/sh\n");
        assertRefused(repo, "has a Maven Wrapper already (mvnw)", "Move mvnw away");

        Files.delete(repo.resolve("mvnw"));
        Files.writeString(repo.resolve("scripts/add-customer.sql"), "select 1;\n");
        assertRefused(repo, "Nothing written", "add-customer.sql");

        Files.delete(repo.resolve("scripts/add-customer.sql"));
        Files.write(repo.resolve("scripts/20200101-000000.sql"), new byte[] {'s', 'e', 'l', (byte) 0xE9, ';'});
        assertRefused(repo, "Nothing written", "20200101-000000.sql");

        Files.delete(repo.resolve("scripts/20200101-000000.sql"));
        Files.writeString(repo.resolve("scripts/20200101-000000.sql"), "vacuum;\n");
        assertRefused(repo, "Nothing written", "cannot run inside a transaction block");

        Files.delete(repo.resolve("scripts/20200101-000000.sql"));
        assertThatThrownBy(() -> Adopter.adopt(
                        new Adopter.Request(repo, "com example", null, null, null, null, "9.9.9"),
                        CLOCK,
                        new CollectingLog()))
                .isInstanceOf(SemException.class)
                .hasMessageStartingWith("groupId=com example is not valid");
        assertThat(repo.resolve("mvnw")).doesNotExist();

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(plain.resolve("notes.txt"), "x");
        assertRefused(plain, "has no scripts/ directory, so it is not a sem repository");
        try (Stream<Path> files = Files.list(plain)) {
            assertThat(files).containsExactly(plain.resolve("notes.txt"));
        }
    }

    @Test
    void readmeSectionIsAppendedOnce() throws Exception {
        Path repo = semRepository(tmp.resolve("crm"));
        String readme = "# crm\n\n" + Adopter.README_HEADING + "\n\nOur own notes.\n";
        Files.writeString(repo.resolve("README.md"), readme);

        Adopter.Result result = Adopter.adopt(request(repo), CLOCK, new CollectingLog());

        assertThat(Files.readString(repo.resolve("README.md"))).isEqualTo(readme);
        assertThat(result.appended()).doesNotContain("README.md");
        assertThat(result.commitCommand()).doesNotContain("README.md");
    }

    @ParameterizedTest
    @CsvSource({
        "git@github.com:acme/crm-db.git, com.github.acme",
        "https://github.com/acme/crm-db, com.github.acme",
        "https://www.gitlab.example.com/Data/Team_A/crm.git, com.example.gitlab.data.team_a",
        "ssh://git@git.example.com:2222/db/crm.git, com.example.git.db",
        "https://git.example.com/scm/db/crm.git, com.example.git.db",
    })
    void groupIdFromTheRemote(String url, String groupId) {
        assertThat(Adopter.groupIdOf(url)).contains(groupId);
    }

    private void assertRefused(Path repo, String... messageParts) throws Exception {
        List<String> before = listing(repo);
        assertThatThrownBy(() -> Adopter.adopt(request(repo), CLOCK, new CollectingLog()))
                .isInstanceOf(SemException.class)
                .hasMessageContainingAll(messageParts);
        assertThat(listing(repo)).isEqualTo(before);
    }

    private static Adopter.Request request(Path repo) {
        return new Adopter.Request(repo, null, null, null, null, null, "9.9.9");
    }

    /** A sem (Ruby) repository: scripts/ with sem-add names, two commits, tags 0.0.1 and 0.0.2, an origin remote. */
    private static Path semRepository(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/.exists"), "");
        Files.writeString(dir.resolve("scripts/20130318-214407.sql"), FIRST);
        try (Git git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.getRepository().getConfig().setString("remote", "origin", "url", "git@github.com:acme/crm-db.git");
            git.getRepository().getConfig().save();
            PersonIdent jane = new PersonIdent("Jane", "jane@example.com");
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("first")
                    .setAuthor(jane)
                    .setCommitter(jane)
                    .setSign(false)
                    .call();
            git.tag()
                    .setName("0.0.1")
                    .setMessage("0.0.1")
                    .setTagger(jane)
                    .setSigned(false)
                    .call();
            Files.writeString(dir.resolve("scripts/20130318-214408.sql"), SECOND);
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("second")
                    .setAuthor(jane)
                    .setCommitter(jane)
                    .setSign(false)
                    .call();
            git.tag()
                    .setName("0.0.2")
                    .setMessage("0.0.2")
                    .setTagger(jane)
                    .setSigned(false)
                    .call();
        }
        return dir;
    }

    private static Map<String, ObjectId> tags(Path repo) throws Exception {
        Map<String, ObjectId> tags = new TreeMap<>();
        try (Git git = Git.open(repo.toFile())) {
            for (Ref ref : git.tagList().call()) {
                tags.put(ref.getName(), ref.getObjectId());
            }
        }
        assertThat(tags).hasSize(2);
        return tags;
    }

    private static Map<String, String> files(Path dir) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(file)));
            }
        }
        return files;
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.toString().contains("/.git/"))
                    .map(p -> dir.relativize(p) + ":" + p.toFile().length())
                    .sorted()
                    .toList();
        }
    }
}

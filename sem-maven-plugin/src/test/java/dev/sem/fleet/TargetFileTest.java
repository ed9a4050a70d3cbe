package dev.sem.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import dev.sem.db.ConnectionSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetFileTest {

    private static final Function<String, ConnectionSettings> NO_RESDB = cs -> {
        throw new AssertionError("no RESDB query expected");
    };

    private static final String NO_PASSWORDS =
            "no passwords in the targets file; use settings.xml servers, PGPASSWORD or ~/.pgpass";

    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path file = dir.resolve("targets.json");
        Files.writeString(file, json.replace('\'', '"'));
        return file;
    }

    private static final String FLEET = """
            {'email': {'type': 'SMTP', 'host': 'mail'}, 'issue-tracker': {'type': 'JIRA'},
             'connection_sets': [
              {'name': 'shop', 'type': 'LIST', 'payload': [
                {'host': 'db1', 'port': 5433, 'dbname': 'shop', 'environment': 'prod', 'product': 'shop',
                 'unique_name': 'shop-1'},
                {'host': 'db2', 'dbname': 'shop', 'environment': 'test', 'product': 'shop', 'unique_name': 'shop-2'},
                {'host': 'db3', 'port': '6000', 'dbname': 'shop', 'environment': 'prod', 'product': 'shop'},
                {'host': 'db4', 'dbname': 'shop', 'environment': 'prod', 'product': 'shop', 'unique_name': 'shop-4'}
              ]},
              {'name': 'crm', 'type': 'LIST', 'payload': [
                {'host': 'db9', 'dbname': 'crm', 'environment': 'prod', 'product': 'crm', 'unique_name': 'crm-1'}
              ]}
             ]}
            """;

    private List<String> labels(List<Target> targets) {
        return targets.stream().map(Target::label).toList();
    }

    @Test
    void readsListSetsIgnoringOtherKeys() throws IOException {
        TargetFile file = TargetFile.read(write(FLEET));

        assertThat(file.setNames()).containsExactly("shop", "crm");
        List<Target> all = file.select(Selection.all(), NO_RESDB);
        assertThat(all)
                .containsExactly(
                        new Target("shop-1", "db1", 5433, "shop", "prod", "shop", "shop"),
                        new Target("shop-2", "db2", 5432, "shop", "test", "shop", "shop"),
                        new Target(null, "db3", 6000, "shop", "prod", "shop", "shop"),
                        new Target("shop-4", "db4", 5432, "shop", "prod", "shop", "shop"),
                        new Target("crm-1", "db9", 5432, "crm", "prod", "crm", "crm"));
    }

    @Test
    void selectsByEnvironmentAndProductInFileOrder() throws IOException {
        TargetFile file = TargetFile.read(write(FLEET));

        assertThat(labels(file.select(Selection.of("prod", "shop"), NO_RESDB)))
                .containsExactly("shop-1", "db3:6000/shop", "shop-4");
        assertThat(labels(file.select(Selection.of("prod", null), NO_RESDB)))
                .containsExactly("shop-1", "db3:6000/shop", "shop-4", "crm-1");
        assertThat(labels(file.select(Selection.of(null, "shop"), NO_RESDB)))
                .containsExactly("shop-1", "shop-2", "db3:6000/shop", "shop-4");
    }

    @Test
    void onlyKeepsNamedEntriesAndDropsUnnamedOnes() throws IOException {
        TargetFile file = TargetFile.read(write(FLEET));

        assertThat(labels(file.select(
                        new Selection("prod", "shop", List.of("shop-4", "shop-1"), List.of(), null), NO_RESDB)))
                .containsExactly("shop-1", "shop-4");
    }

    @Test
    void exceptRemovesNamedEntriesAndDropsUnnamedOnes() throws IOException {
        TargetFile file = TargetFile.read(write(FLEET));

        // db3 has no unique_name: with a name list, pgpm drops it.
        assertThat(labels(file.select(new Selection("prod", "shop", List.of(), List.of("shop-1"), null), NO_RESDB)))
                .containsExactly("shop-4");
    }

    @Test
    void unknownNamesAreErrors() throws IOException {
        Path path = write(FLEET);
        TargetFile file = TargetFile.read(path);

        assertThatThrownBy(() -> file.select(
                        new Selection("prod", "shop", List.of("shop-1", "shop-2", "nope"), List.of(), null), NO_RESDB))
                .isInstanceOf(TargetsException.class)
                .hasMessage("only: no target with environment=prod product=shop in " + path
                        + " has the unique_name shop-2, nope; check the spelling (known: shop-1, shop-4)");
        assertThatThrownBy(() -> file.select(new Selection(null, null, List.of(), List.of("x"), null), NO_RESDB))
                .isInstanceOf(TargetsException.class)
                .hasMessage("except: no target in " + path
                        + " has the unique_name x; check the spelling (known: shop-1, shop-2, shop-4, crm-1)");
    }

    @Test
    void emptySelectionIsAnError() throws IOException {
        Path path = write(FLEET);
        TargetFile file = TargetFile.read(path);

        assertThatThrownBy(() -> file.select(Selection.of("prod", "blog"), NO_RESDB))
                .isInstanceOf(TargetsException.class)
                .hasMessage("no target matches environment=prod product=blog in " + path);
        assertThatThrownBy(
                        () -> file.select(new Selection("test", "shop", List.of(), List.of("shop-2"), null), NO_RESDB))
                .hasMessage("no target matches environment=test product=shop except=shop-2 in " + path);
        Path empty = write("{'connection_sets': []}");
        assertThatThrownBy(() -> TargetFile.read(empty).select(Selection.all(), NO_RESDB))
                .hasMessage("no target in " + empty);
    }

    @Test
    void shardIsAppliedLast() throws IOException {
        TargetFile file = TargetFile.read(write(FLEET));

        List<Target> prod = file.select(Selection.of("prod", null), NO_RESDB);
        List<Target> union = new java.util.ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Shard shard = new Shard(i, 2);
            List<Target> part;
            try {
                part = file.select(new Selection("prod", null, null, null, shard), NO_RESDB);
            } catch (TargetsException e) {
                assertThat(e).hasMessageStartingWith("no target matches environment=prod shard=" + shard + " in ");
                part = List.of();
            }
            assertThat(part).allMatch(shard::contains);
            union.addAll(part);
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(prod);
    }

    private void assertRefused(String json, String message) throws IOException {
        Path path = write(json);
        assertThatThrownBy(() -> TargetFile.read(path))
                .isInstanceOf(TargetsException.class)
                .hasMessage(path + ": " + message);
    }

    @Test
    void notJson() throws IOException {
        Path path = write("{'connection_sets': [}");
        assertThatThrownBy(() -> TargetFile.read(path))
                .isInstanceOf(TargetsException.class)
                .hasMessageStartingWith(path + ": invalid JSON at line 1, column ")
                .hasMessageEndingWith("; fix the syntax");
        assertRefused(
                "[]",
                "the targets file must be one JSON object such as"
                        + " {'connection_sets': [{'name': 'prod', 'type': 'LIST', 'payload': []}]}".replace('\'', '"'));
    }

    @Test
    void missingFile() {
        Path path = dir.resolve("none.json");
        assertThatThrownBy(() -> TargetFile.read(path))
                .isInstanceOf(TargetsException.class)
                .hasMessage(path + ": no such file; check the path of the targets file");
    }

    @Test
    void missingOrInvalidConnectionSets() throws IOException {
        assertRefused(
                "{'email': {}}",
                "no connection_sets; add a list of sets such as"
                        + " \"connection_sets\": [{\"name\": \"prod\", \"type\": \"LIST\", \"payload\": []}]");
        assertRefused(
                "{'connection_sets': {}}",
                "connection_sets must be a list of sets such as"
                        + " [{\"name\": \"prod\", \"type\": \"LIST\", \"payload\": []}]");
    }

    @Test
    void setErrors() throws IOException {
        assertRefused(
                "{'connection_sets': [{'type': 'LIST', 'payload': []}]}",
                "connection_sets[0]: no name; give the set a \"name\", such as \"prod\"");
        assertRefused(
                "{'connection_sets': [{'name': 'a', 'type': 'LIST', 'payload': []}, {'name': 'a', 'type': 'FILE'}]}",
                "connection set \"a\": unknown type \"FILE\"; use \"LIST\" or \"RESDB\"");
        assertRefused(
                "{'connection_sets': [{'name': 'a', 'payload': []}]}",
                "connection set \"a\": no type; give \"type\": \"LIST\" or \"type\": \"RESDB\"");
        assertRefused(
                "{'connection_sets': [{'name': 'a', 'type': 'LIST', 'payload': []},"
                        + " {'name': 'a', 'type': 'LIST', 'payload': []}]}",
                "connection_sets[1]: the set name \"a\" is already used by connection_sets[0];"
                        + " give each set its own name");
    }

    private static String entry(String fields) {
        return "{'connection_sets': [{'name': 'shop', 'type': 'LIST', 'payload': [{'host': 'db0', 'dbname': 'x'}, "
                + fields + "]}]}";
    }

    @Test
    void entryErrors() throws IOException {
        String at = "connection set \"shop\", payload[1]: ";
        assertRefused(entry("{'dbname': 'x'}"), at + "no host; give \"host\", such as \"db1.example.com\"");
        assertRefused(entry("{'host': '', 'dbname': 'x'}"), at + "no host; give \"host\", such as \"db1.example.com\"");
        assertRefused(entry("{'host': 'h'}"), at + "no dbname; give \"dbname\", the database name");
        assertRefused(entry("{'host': 5, 'dbname': 'x'}"), at + "host 5 is not a string; write it in quotes");
        for (String port : List.of("0", "65536", "-1", "5432.5", "'abc'", "true")) {
            assertRefused(
                    entry("{'host': 'h', 'dbname': 'x', 'port': " + port + "}"),
                    at + "port " + port.replace('\'', '"')
                            + " is not a port number; give an integer from 1 to 65535, or leave it out for 5432");
        }
        assertRefused(
                entry("'db1'"), at + "an entry must be an object such as {\"host\": \"db1\", \"dbname\": \"shop\"}");
        assertRefused(
                "{'connection_sets': [{'name': 'shop', 'type': 'LIST'}]}",
                "connection set \"shop\": a LIST set needs a \"payload\" list of entries such as {\"host\": \"db1\","
                        + " \"port\": 5432, \"dbname\": \"shop\", \"environment\": \"prod\", \"product\": \"shop\","
                        + " \"unique_name\": \"shop-1\"}");
    }

    @Test
    void portBoundsAndDefault() throws IOException {
        TargetFile file = TargetFile.read(write(entry("{'host': 'h', 'dbname': 'x', 'port': 65535},"
                + " {'host': 'h', 'dbname': 'y', 'port': 1}, {'host': 'h', 'dbname': 'z', 'port': null}")));
        assertThat(file.select(Selection.all(), NO_RESDB))
                .extracting(Target::port)
                .containsExactly(5432, 65535, 1, 5432);
    }

    @Test
    void passwordsAreRefused() throws IOException {
        String at = "connection set \"shop\", payload[1]: ";
        assertRefused(
                entry("{'host': 'h', 'dbname': 'x', 'password': 'secret'}"),
                at + "a password key is refused: " + NO_PASSWORDS);
        assertRefused(
                entry("{'host': 'h', 'dbname': 'x', 'extra': {'PASSWORD': 'secret'}}"),
                at + "a password key is refused: " + NO_PASSWORDS);
        for (String cs : List.of(
                "host=resdb dbname=fleet user=u password=secret",
                "postgresql://u:secret@resdb/fleet",
                "postgresql://u@resdb/fleet?password=secret")) {
            Path path = write("{'connection_sets': [{'name': 'r', 'type': 'RESDB', 'connection_string': '" + cs
                    + "', 'payload': 'SELECT 1'}]}");
            assertThatThrownBy(() -> TargetFile.read(path))
                    .isInstanceOf(TargetsException.class)
                    .hasMessage(path + ": connection set \"r\": the connection_string has a password, refused: "
                            + NO_PASSWORDS)
                    .hasMessageNotContaining("secret");
        }
    }

    @Test
    void duplicateUniqueNamesAcrossSets() throws IOException {
        assertRefused(
                "{'connection_sets': [{'name': 'a', 'type': 'LIST', 'payload': [{'host': 'h', 'dbname': 'x',"
                        + " 'unique_name': 'n'}]}, {'name': 'b', 'type': 'LIST', 'payload': [{'host': 'h2',"
                        + " 'dbname': 'y'}, {'host': 'h3', 'dbname': 'z', 'unique_name': 'n'}]}]}",
                "connection set \"b\", payload[1]: unique_name \"n\" is already used by connection set \"a\","
                        + " payload[0]; give each entry its own unique_name");
    }

    @Test
    void resdbSetErrors() throws IOException {
        assertRefused(
                "{'connection_sets': [{'name': 'r', 'type': 'RESDB', 'payload': 'SELECT 1'}]}",
                "connection set \"r\": a RESDB set needs a \"connection_string\" of the resource database,"
                        + " such as \"host=resdb port=5432 dbname=fleet\"");
        assertRefused(
                "{'connection_sets': [{'name': 'r', 'type': 'RESDB', 'connection_string': 'host=resdb dbname=f'}]}",
                "connection set \"r\": a RESDB set needs a \"payload\" SQL query returning host, port, dbname,"
                        + " environment, product, unique_name, such as \"SELECT host, port, dbname, environment,"
                        + " product, unique_name FROM fleet\"");
        Path path = write("{'connection_sets': [{'name': 'r', 'type': 'RESDB', 'connection_string': 'mysql://x/y',"
                + " 'payload': 'SELECT 1'}]}");
        assertThatThrownBy(() -> TargetFile.read(path))
                .isInstanceOf(TargetsException.class)
                .hasMessageStartingWith(path + ": connection set \"r\": invalid connection_string: ");
    }

    @Test
    void aDirectoryOrADeviceIsRefusedWithoutReadingIt() {
        assertThatThrownBy(() -> TargetFile.read(dir))
                .isInstanceOf(TargetsException.class)
                .hasMessage(dir + " is a directory, not a file; name the targets file, a regular JSON file");
        assertThatThrownBy(() -> TargetFile.read(Path.of("/dev/zero")))
                .isInstanceOf(TargetsException.class)
                .hasMessageContaining("/dev/zero is a FIFO, socket or device, not a regular file");
    }
}

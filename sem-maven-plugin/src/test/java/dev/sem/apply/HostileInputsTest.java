package dev.sem.apply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.sem.SemException;
import dev.sem.db.ConnectionSettings;
import dev.sem.fleet.TargetFile;
import dev.sem.pkg.DeployOptions;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageDeployer;
import dev.sem.pkg.PackageLoader;
import dev.sem.source.ScriptSource;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.PostgresServer;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Hostile inputs, each given to the real engine entry point (an apply with {@link Applier#apply}, a distribution
 * tarball through {@link ScriptSource#tarball(Path)}, a package deploy with {@link PackageLoader} and
 * {@link PackageDeployer#deploy}, connection settings from a URL) on a fresh test database. Every case must end in a
 * {@link SemException} that is a user error, with a one-line message of at most 400 characters that names the file (and
 * the line where there is one), with no exception class names or stack frames, no password in the message or in the
 * log, and the database unchanged (no history schema, the same catalog counts as before).
 *
 * <p>Categories:
 *
 * <ul>
 *   <li><b>script</b>: invalid UTF-8, a NUL byte, unterminated quote, dollar quote and comment, a huge line, an invalid
 *       name;
 *   <li><b>attribute</b>: a bad transaction value, a duplicate attribute;
 *   <li><b>meta</b>: psql meta-commands sem does not run: {@code \!}, {@code \o}, {@code \copy}, {@code \gexec},
 *       {@code \c}, an unknown one;
 *   <li><b>include</b>: {@code \i}/{@code \ir} of a file outside the base directory (absolute, {@code ..}, through a
 *       link), of a device, a FIFO, a directory, a missing file, the including file itself;
 *   <li><b>link</b>: a script or {@code scripts/} that is a link leaving the base directory, a broken link, a FIFO
 *       script, a {@code VERSION} that is a link leaving it or a directory;
 *   <li><b>descriptor</b>: a package's {@code config.json}: malformed JSON, wrong types, a bad name, folders leaving
 *       the package root (absolute, {@code ..}, a link), a {@code config.json} or {@code .sql} file that is a link
 *       leaving it, a FIFO {@code .sql} file;
 *   <li><b>tarball</b>: {@code ../} and absolute entry names, symbolic and hard links, device and FIFO entries, a huge
 *       entry size in a header, a truncated archive, a file that is not gzip, an empty file, a device or a directory
 *       given as the tarball;
 *   <li><b>url</b>: garbage, an unknown scheme, a bad port, an unknown parameter, a password in a URL that is wrong
 *       otherwise;
 *   <li><b>targets</b>: a device as the fleet's targets file, a password in a targets file;
 *   <li><b>credentials</b>: a wrong password, a {@code .pgpass} readable by others (ignored: the login fails).
 * </ul>
 */
@ExtendWith(TestPostgres.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputsTest {

    /** One database for every case: each case compares the catalog before and after itself. */
    private final TestDatabase db;

    /** The connection that reads the catalog, kept for every case. */
    private Connection admin;

    HostileInputsTest(TestDatabase db) {
        this.db = db;
    }

    @AfterAll
    void closeAdmin() throws SQLException {
        if (admin != null) {
            admin.close();
        }
    }

    /** The password of the credential cases; must never appear in a message or the log. */
    private static final String SECRET = "Hostile-Secret-7f3e9a";

    private static final String S1 = "20260101-000000.sql";
    private static final String S2 = "20260102-000000.sql";

    /** What a case builds in its directory and runs. */
    @FunctionalInterface
    interface Action {
        void run(Env env) throws Exception;
    }

    /**
     * A case's world: {@code base} (a base directory with {@code scripts/}), {@code outside} (a directory next to it,
     * holding {@code secret.sql} whose content must never be shown), the database and the log.
     */
    record Env(Path dir, Path base, Path outside, TestDatabase db, CollectingLog log) {

        Scripts scripts() {
            return new Scripts(base);
        }

        void apply() {
            Scripts.applier(db, log).apply(base, ApplyOptions.defaults());
        }

        void applyTarball(Path tarGz) {
            try (ScriptSource source = ScriptSource.tarball(tarGz)) {
                Scripts.applier(db, log).apply(source.baseDir(), ApplyOptions.defaults());
            }
        }

        void deployPackage(Path root) {
            LoadedPackage pkg = PackageLoader.loadSource(root, dir.resolve("work"));
            new PackageDeployer(Scripts.settings(db), log).deploy(pkg, DeployOptions.defaults());
        }

        void applyWithUrl(String url) {
            ConnectionSettings settings =
                    ConnectionSettings.builder(url).env(Map.of()).userHome(dir).build();
            new Applier(settings, log).apply(base, ApplyOptions.defaults());
        }
    }

    /** A case: its readable name, what it does, and what the message must name. */
    record Case(String name, Action action, List<String> mentions) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Action action, String... mentions) {
        return new Case(name, action, List.of(mentions));
    }

    /** A case whose base directory holds the scripts made by {@code setup} and is applied. */
    private static Case applying(String name, Action setup, String... mentions) {
        return c(
                name,
                env -> {
                    setup.run(env);
                    env.apply();
                },
                mentions);
    }

    private static Case script(String name, String sql, String... mentions) {
        return applying(name, env -> env.scripts().add(S1, "select 1;\n").add(S2, sql), mentions);
    }

    private static Case scriptBytes(String name, byte[] bytes, String... mentions) {
        return applying(
                name,
                env -> {
                    env.scripts().add(S1, "select 1;\n");
                    Files.write(env.base().resolve("scripts").resolve(S2), bytes);
                },
                mentions);
    }

    private static Case pkg(String name, String config, Action more, String... mentions) {
        return c(
                name,
                env -> {
                    Path root = env.dir().resolve("pkg");
                    Files.createDirectories(root.resolve("schema"));
                    Files.writeString(root.resolve("config.json"), config);
                    Files.writeString(root.resolve("schema/t.sql"), "create table t (id int);\n");
                    more.run(new Env(env.dir(), root, env.outside(), env.db(), env.log()));
                    env.deployPackage(root);
                },
                mentions);
    }

    private static final String GOOD_CONFIG =
            "{\"subclass\": \"versioned\", \"name\": \"shop\", \"version\": \"1.0.0\", \"tables_path\": [\"schema\"]}";

    private static Case tarball(String name, Tar tar, String... mentions) {
        return c(name, env -> env.applyTarball(tar.writeTo(env.dir().resolve("dist.tar.gz"))), mentions);
    }

    private static Case tarballBytes(String name, byte[] bytes, String... mentions) {
        return c(
                name,
                env -> {
                    Path file = env.dir().resolve("dist.tar.gz");
                    Files.write(file, bytes);
                    env.applyTarball(file);
                },
                mentions);
    }

    private static Case url(String name, String url, String... mentions) {
        return c(
                name,
                env -> {
                    env.scripts().add(S1, "create table hostile_t (id int);\n");
                    env.applyWithUrl(url);
                },
                mentions);
    }

    static Stream<Arguments> cases() throws IOException {
        List<Case> all = new ArrayList<>();
        // --- scripts
        all.add(scriptBytes("script: invalid UTF-8", new byte[] {'s', 'e', 'l', (byte) 0xC3, '(', ';'}, S2));
        all.add(scriptBytes("script: NUL byte", "select 1;\n\0select 2;\n".getBytes(StandardCharsets.UTF_8), S2));
        all.add(script("script: unterminated quote", "select 1;\nselect 'abc;\n", S2, "line 2"));
        all.add(script("script: unterminated dollar quote", "do $$ begin\nperform 1;\n", S2, "line 1"));
        all.add(script("script: unterminated comment", "select 1;\n/* never closed\n", S2, "line 2"));
        all.add(script("script: huge unterminated line", "select 'x" + "y".repeat(2_000_000), S2, "line 1"));
        all.add(applying(
                "script: invalid name",
                env -> env.scripts().add(S1, "select 1;").add("foo.sql", ""),
                "foo.sql"));
        // --- attributes
        all.add(script(
                "attribute: bad transaction value",
                "-- sem.attribute.transaction = sometimes\nselect 1;\n",
                S2,
                "sometimes"));
        all.add(script(
                "attribute: unknown name", "-- sem.attribute.colour = red\nselect 1;\n", S2, "line 1", "colour"));
        all.add(script("attribute: missing value", "-- sem.attribute.transaction\nselect 1;\n", S2, "line 1"));
        all.add(applying(
                "attribute: contradicting duplicate (strict)",
                env -> {
                    env.scripts()
                            .add(S1, "select 1;\n")
                            .add(S2, "-- sem.attribute.transaction = none\n-- sem.attribute.transaction = single\n");
                    Scripts.applier(env.db(), env.log())
                            .apply(env.base(), ApplyOptions.defaults().withStrict(true));
                },
                S2,
                "line 2"));
        // --- meta-commands
        all.add(script("meta: \\! shell", "select 1;\n\\! touch /tmp/sem-hostile\n", S2, "line 2"));
        all.add(script("meta: \\o file", "\\o /tmp/sem-hostile.out\nselect 1;\n", S2, "line 1"));
        all.add(script("meta: \\copy", "\\copy pg_class to '/tmp/sem-hostile.csv'\n", S2, "line 1"));
        all.add(script("meta: \\gexec", "select 'create table x ()' \\gexec\n", S2, "line 1"));
        all.add(script("meta: \\c other database", "\\c postgres\ncreate table x ();\n", S2, "line 1"));
        all.add(script("meta: unknown", "select 1;\n\\frobnicate now\n", S2, "line 2"));
        // --- includes
        all.add(script(
                "include: absolute path outside", "select 1;\n\\i /etc/hostname\n", S2, "line 2", "/etc/hostname"));
        all.add(applying(
                "include: .. leaving the base directory (\\ir)",
                env -> env.scripts().add(S2, "\\ir ../../outside/secret.sql\n"),
                S2,
                "line 1",
                "../../outside/secret.sql",
                "copy the file into the repository"));
        all.add(applying(
                "include: .. leaving the base directory (\\i)",
                env -> env.scripts().add(S2, "\\i ../outside/secret.sql\n"),
                S2,
                "../outside/secret.sql"));
        all.add(applying(
                "include: link leaving the base directory",
                env -> {
                    Scripts s = env.scripts().add(S1, "select 1;\n").add(S2, "\\i inc.sql\n");
                    Files.createSymbolicLink(
                            s.base.resolve("inc.sql"), env.outside().resolve("secret.sql"));
                },
                S2,
                "inc.sql",
                "line 1"));
        all.add(c(
                "include: refused before connecting (no server at the URL)",
                env -> {
                    env.scripts().add(S1, "select 1;\n").add(S2, "\\i /etc/hostname\n");
                    env.applyWithUrl("postgresql://127.0.0.1:1/nowhere");
                },
                S2,
                "line 1",
                "/etc/hostname"));
        all.add(script("include: device /dev/zero", "\\i /dev/zero\n", S2, "/dev/zero"));
        all.add(applying(
                "include: link to /dev/zero inside the base directory",
                env -> {
                    env.scripts().add(S2, "\\i zero.sql\n");
                    Files.createSymbolicLink(env.base().resolve("zero.sql"), Path.of("/dev/zero"));
                },
                S2,
                "zero.sql"));
        all.add(applying(
                "include: FIFO inside the base directory",
                env -> {
                    env.scripts().add(S2, "\\i pipe.sql\n");
                    mkfifo(env.base().resolve("pipe.sql"));
                },
                S2,
                "pipe.sql",
                "FIFO"));
        all.add(script("include: directory", "\\i scripts\n", S2, "directory"));
        all.add(script("include: missing file", "select 1;\n\\i nope/missing.sql\n", S2, "line 2", "missing.sql"));
        all.add(script("include: itself", "\\i scripts/" + S2 + "\n", S2, "includes itself"));
        // --- links
        all.add(applying(
                "link: script linking outside scripts/",
                env -> {
                    env.scripts().add(S1, "create table before_link (id int);\n");
                    Files.createSymbolicLink(
                            env.base().resolve("scripts").resolve(S2),
                            env.outside().resolve("secret.sql"));
                },
                S2,
                "outside"));
        all.add(c(
                "link: scripts/ linking outside the base directory",
                env -> {
                    Files.createDirectories(env.base());
                    Path real = env.outside().resolve("scripts");
                    Files.createDirectories(real);
                    Files.writeString(real.resolve(S1), "create table t (id int);\n");
                    Files.createSymbolicLink(env.base().resolve("scripts"), real);
                    env.apply();
                },
                "scripts",
                "outside"));
        all.add(applying(
                "link: broken script link",
                env -> {
                    env.scripts().add(S1, "create table t (id int);\n");
                    Files.createSymbolicLink(env.base().resolve("scripts").resolve(S2), Path.of("no-such-file.sql"));
                },
                S2,
                "does not exist"));
        all.add(applying(
                "link: script that is a FIFO",
                env -> {
                    env.scripts().add(S1, "create table t (id int);\n");
                    mkfifo(env.base().resolve("scripts").resolve(S2));
                },
                S2,
                "FIFO"));
        all.add(applying(
                "link: VERSION linking outside",
                env -> {
                    env.scripts().add(S1, "create table t (id int);\n");
                    Files.createSymbolicLink(
                            env.base().resolve("VERSION"), env.outside().resolve("secret.sql"));
                },
                "VERSION",
                "outside"));
        all.add(applying(
                "link: VERSION linking to /dev/zero",
                env -> {
                    env.scripts().add(S1, "create table t (id int);\n");
                    Files.createSymbolicLink(env.base().resolve("VERSION"), Path.of("/dev/zero"));
                },
                "VERSION"));
        all.add(applying(
                "link: VERSION is a directory",
                env -> {
                    env.scripts().add(S1, "create table t (id int);\n");
                    Files.createDirectories(env.base().resolve("VERSION"));
                },
                "VERSION",
                "directory"));
        // --- package descriptors
        all.add(pkg(
                "descriptor: malformed JSON",
                "{\"subclass\": \"versioned\", \"name\": \"shop\",",
                env -> {},
                "config.json"));
        all.add(pkg(
                "descriptor: name of the wrong type",
                "{\"subclass\": \"versioned\", \"name\": 5, \"version\": \"1.0.0\", \"tables_path\": [\"schema\"]}",
                env -> {},
                "config.json",
                "name"));
        all.add(pkg(
                "descriptor: duplicate key",
                "{\"subclass\": \"versioned\", \"name\": \"shop\", \"name\": \"other\", \"version\": \"1.0.0\"}",
                env -> {},
                "config.json",
                "name"));
        all.add(pkg(
                "descriptor: version of the wrong type",
                "{\"subclass\": \"versioned\", \"name\": \"shop\", \"version\": [1, 0]}",
                env -> {},
                "config.json",
                "version"));
        all.add(pkg(
                "descriptor: tables_path of the wrong type",
                "{\"subclass\": \"versioned\", \"name\": \"shop\", \"version\": \"1.0.0\", \"tables_path\": 7}",
                env -> {},
                "config.json",
                "tables_path"));
        all.add(pkg(
                "descriptor: name with path traversal",
                "{\"subclass\": \"versioned\", \"name\": \"../evil\", \"version\": \"1.0.0\", \"tables_path\": [\"schema\"]}",
                env -> {},
                "config.json",
                "name"));
        all.add(pkg(
                "descriptor: folder with ..",
                "{\"subclass\": \"versioned\", \"name\": \"shop\", \"version\": \"1.0.0\", \"tables_path\": [\"../outside\"]}",
                env -> {},
                "config.json",
                "../outside"));
        all.add(pkg(
                "descriptor: absolute folder",
                "{\"subclass\": \"versioned\", \"name\": \"shop\", \"version\": \"1.0.0\", \"tables_path\": [\"/etc\"]}",
                env -> {},
                "config.json",
                "/etc"));
        all.add(pkg(
                "descriptor: folder linking outside",
                "{\"subclass\": \"versioned\", \"name\": \"shop\", \"version\": \"1.0.0\", \"tables_path\": [\"linked\"]}",
                env -> Files.createSymbolicLink(env.base().resolve("linked"), env.outside()),
                "config.json",
                "linked"));
        all.add(pkg(
                "descriptor: .sql file linking outside",
                GOOD_CONFIG,
                env -> Files.createSymbolicLink(
                        env.base().resolve("schema/u.sql"), env.outside().resolve("secret.sql")),
                "schema/u.sql"));
        all.add(pkg(
                "descriptor: .sql file linking to /dev/zero",
                GOOD_CONFIG,
                env -> Files.createSymbolicLink(env.base().resolve("schema/u.sql"), Path.of("/dev/zero")),
                "schema/u.sql"));
        all.add(pkg(
                "descriptor: .sql file that is a FIFO",
                GOOD_CONFIG,
                env -> mkfifo(env.base().resolve("schema/u.sql")),
                "schema/u.sql",
                "FIFO"));
        all.add(c(
                "descriptor: config.json linking outside",
                env -> {
                    Path root = env.dir().resolve("pkg");
                    Files.createDirectories(root.resolve("schema"));
                    Files.writeString(env.outside().resolve("config.json"), GOOD_CONFIG);
                    Files.createSymbolicLink(
                            root.resolve("config.json"), env.outside().resolve("config.json"));
                    env.deployPackage(root);
                },
                "config.json",
                "outside"));
        // --- tarballs
        all.add(tarball(
                "tarball: ../ entry", new Tar().dir("scripts").file("../evil.sql", "select 1;"), "../evil.sql"));
        all.add(tarball(
                "tarball: absolute entry",
                new Tar().dir("scripts").file("/tmp/evil.sql", "select 1;"),
                "/tmp/evil.sql"));
        all.add(tarball(
                "tarball: symbolic link leaving the root",
                new Tar().dir("scripts").raw("scripts/" + S1, TarConstants.LF_SYMLINK, "/etc/hostname"),
                S1,
                "symbolic link"));
        all.add(tarball(
                "tarball: hard link leaving the root",
                new Tar().dir("scripts").raw("scripts/" + S1, TarConstants.LF_LINK, "../../etc/hostname"),
                S1,
                "hard link"));
        all.add(tarball(
                "tarball: device entry",
                new Tar().dir("scripts").raw("scripts/" + S1, TarConstants.LF_CHR, null),
                S1,
                "device"));
        all.add(tarball(
                "tarball: FIFO entry",
                new Tar().dir("scripts").raw("scripts/" + S1, TarConstants.LF_FIFO, null),
                S1,
                "FIFO"));
        all.add(tarballBytes("tarball: huge entry size in a header", hugeEntryHeader(), S1, "limit"));
        byte[] good = new Tar()
                .dir("scripts")
                .file("scripts/" + S1, "select 1;\n".repeat(5000))
                .bytes();
        all.add(tarballBytes("tarball: truncated", Arrays.copyOf(good, good.length / 2), "dist.tar.gz"));
        all.add(tarballBytes(
                "tarball: not gzip", "this is not an archive\n".getBytes(StandardCharsets.UTF_8), "dist.tar.gz"));
        all.add(tarballBytes("tarball: empty file", new byte[0], "dist.tar.gz"));
        all.add(c(
                "tarball: /dev/zero given as the tarball", env -> env.applyTarball(Path.of("/dev/zero")), "/dev/zero"));
        all.add(c("tarball: a directory given as the tarball", env -> env.applyTarball(env.outside()), "directory"));
        // --- URLs
        all.add(url("url: garbage", "not a url at all", "not a url at all"));
        all.add(url("url: unknown scheme", "mysql://localhost/db", "mysql"));
        all.add(url("url: bad port", "postgresql://localhost:99999/db", "99999"));
        all.add(url("url: unknown parameter", "postgresql://localhost/db?frobnicate=1", "frobnicate"));
        all.add(url(
                "url: password in a URL with a bad port", "postgresql://jane:" + SECRET + "@localhost:0x1/db", "jane"));
        // --- targets files (fleet)
        all.add(c("targets: /dev/zero as the targets file", env -> TargetFile.read(Path.of("/dev/zero")), "/dev/zero"));
        all.add(c(
                "targets: password in an entry",
                env -> TargetFile.read(Files.writeString(
                        env.dir().resolve("targets.json"),
                        "{\"connection_sets\": [{\"name\": \"shop\", \"type\": \"LIST\", \"payload\": [{\"host\":"
                                + " \"h\", \"dbname\": \"x\", \"password\": \"" + SECRET + "\"}]}]}")),
                "targets.json",
                "no passwords"));
        // --- credentials
        all.add(c("credentials: wrong password", env -> loginAs(env, SECRET, null), "password"));
        all.add(c("credentials: .pgpass readable by others", env -> loginAs(env, null, SECRET), ".pgpass"));
        return all.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsCleanly(Case hostile, @TempDir Path dir) throws Exception {
        Path base = dir.resolve("repo");
        Path outside = dir.resolve("outside");
        Files.createDirectories(outside);
        String secretSql = "create table stolen_secret_content (id int); -- SECRET-CONTENT-41";
        Files.writeString(outside.resolve("secret.sql"), secretSql);
        CollectingLog log = new CollectingLog();
        String before = catalog();
        Env env = new Env(dir, base, outside, db, log);

        assertThatThrownBy(() -> hostile.action().run(env))
                .as(hostile.name())
                .isInstanceOf(SemException.class)
                .satisfies(e -> {
                    String message = e.getMessage();
                    assertThat(((SemException) e).isUserError())
                            .as("a user error: " + message)
                            .isTrue();
                    assertThat(message).as("one line").doesNotContain("\n").doesNotContain("\r");
                    assertThat(message.length()).as("short: " + message).isLessThanOrEqualTo(400);
                    assertThat(message)
                            .doesNotContain("Exception")
                            .doesNotContain("at dev.sem")
                            .doesNotContain("SECRET-CONTENT-41")
                            .doesNotContain(SECRET);
                    for (String mention : hostile.mentions()) {
                        assertThat(message).as("names " + mention).contains(mention);
                    }
                });
        assertThat(log.text()).doesNotContain(SECRET).doesNotContain("SECRET-CONTENT-41");
        if (db.password() != null && db.password().length() >= 8) {
            assertThat(log.text()).doesNotContain(db.password());
        }
        assertThat(catalog()).as("the database is unchanged").isEqualTo(before);
    }

    /** Counts of the catalog and whether sem's history schema exists: changes when anything was created. */
    private String catalog() throws SQLException {
        if (admin == null) {
            admin = db.connect();
        }
        try (Statement s = admin.createStatement();
                ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_class) || '/'"
                        + " || (SELECT count(*) FROM pg_namespace) || '/' || (SELECT count(*) FROM pg_proc) || '/'"
                        + " || (SELECT count(*) FROM pg_type) || '/'"
                        + " || (to_regnamespace('schema_evolution_manager') IS NULL)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Applies as a role that must give its password, with {@code password} given directly or {@code pgpass} in a
     * {@code .pgpass} readable by others (which libpq, and sem, ignore).
     */
    private static void loginAs(Env env, String password, String pgpass) throws Exception {
        TestDatabase db = env.db();
        String group = db.server().passwordCheckedGroup();
        assumeTrue(group != null || db.server().provider().equals("external"), "the server checks passwords");
        String role = "sem_h" + (System.nanoTime() % 1_000_000);
        admin(
                db,
                "CREATE ROLE " + PostgresServer.quote(role) + " LOGIN PASSWORD 'the-right-one'"
                        + (group == null ? "" : " IN ROLE " + PostgresServer.quote(group)));
        try {
            env.scripts().add(S1, "create table t (id int);\n");
            ConnectionSettings ok = Scripts.settings(db);
            ConnectionSettings.Builder b = ConnectionSettings.builder(
                            "postgresql://" + role + "@" + ok.host() + ":" + ok.port() + "/" + db.name())
                    .env(Map.of())
                    .userHome(env.dir());
            if (password != null) {
                b.password(password, "the test");
            }
            if (pgpass != null) {
                Path file = env.dir().resolve(".pgpass");
                Files.writeString(file, "*:*:*:" + role + ":" + pgpass + "\n");
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            ConnectionSettings settings = b.build();
            if (pgpass != null) {
                // The mojos log these warnings before connecting.
                assertThat(settings.warnings())
                        .as("the ignored .pgpass is warned about")
                        .anySatisfy(w -> assertThat(w).contains("group or world access"));
            }
            new Applier(settings, env.log()).apply(env.base(), ApplyOptions.defaults());
        } finally {
            admin(db, "DROP ROLE IF EXISTS " + PostgresServer.quote(role));
        }
    }

    private static void admin(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void mkfifo(Path path) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        } catch (IOException e) {
            assumeTrue(false, "mkfifo is not available: " + e.getMessage());
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
    }

    /** A tar header claiming an entry of almost 8 GiB, followed by nothing. */
    private static byte[] hugeEntryHeader() throws IOException {
        TarArchiveEntry e = new TarArchiveEntry("scripts/" + S1, true);
        e.setSize((1L << 33) - 1);
        e.setMode(0100644);
        byte[] header = new byte[512];
        e.writeEntryHeader(header);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes)) {
            gz.write(header);
            gz.write(new byte[4096]);
        }
        return bytes.toByteArray();
    }

    /** Crafts tar.gz archives entry by entry, hostile ones included. */
    static final class Tar {
        private final List<TarArchiveEntry> entries = new ArrayList<>();
        private final List<byte[]> contents = new ArrayList<>();

        Tar dir(String name) {
            TarArchiveEntry e = new TarArchiveEntry(name + "/");
            e.setMode(040755);
            entries.add(e);
            contents.add(new byte[0]);
            return this;
        }

        Tar file(String name, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(bytes.length);
            e.setMode(0100644);
            entries.add(e);
            contents.add(bytes);
            return this;
        }

        Tar raw(String name, byte flag, String linkName) {
            TarArchiveEntry e = new TarArchiveEntry(name, flag, true);
            if (linkName != null) {
                e.setLinkName(linkName);
            }
            entries.add(e);
            contents.add(new byte[0]);
            return this;
        }

        byte[] bytes() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            write(out);
            return out.toByteArray();
        }

        Path writeTo(Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                write(out);
            }
            return file;
        }

        private void write(OutputStream out) throws IOException {
            try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
                for (int i = 0; i < entries.size(); i++) {
                    tar.putArchiveEntry(entries.get(i));
                    tar.write(contents.get(i));
                    tar.closeArchiveEntry();
                }
            }
        }
    }
}

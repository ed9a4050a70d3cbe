package dev.sem.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.sem.EngineLog;
import dev.sem.pkg.DeployMode;
import dev.sem.pkg.LoadedPackage;
import dev.sem.pkg.PackageException;
import dev.sem.pkg.PackageLoader;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sem:verify} of a package project, on a scratch database of a real server. */
@ExtendWith(TestPostgres.class)
class PackageVerifierTest {

    @TempDir
    Path tmp;

    private static Supplier<ThrowawayPostgres> scratch(TestDatabase db) {
        return () -> ThrowawayPostgres.fromServer(db.server().jdbcUrl("postgres"), db.user(), db.password());
    }

    /** A package directory: config.json, then folder/file and its SQL, pairwise. */
    private LoadedPackage pkg(String dir, String config, String... pathAndSql) throws Exception {
        Path root = Files.createDirectories(tmp.resolve(dir));
        Files.writeString(root.resolve("config.json"), config);
        for (int i = 0; i < pathAndSql.length; i += 2) {
            Path file = root.resolve(pathAndSql[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, pathAndSql[i + 1]);
        }
        return PackageLoader.load(root);
    }

    private LoadedPackage greetings(String dependencies, String greetBody) throws Exception {
        return pkg(
                "greetings",
                "{\"name\": \"greetings\", \"subclass\": \"versioned\", \"version\": \"1.0.0\", \"types_path\":"
                        + " \"types\", \"functions_path\": \"functions\", \"tables_path\": \"tables\", \"views_path\":"
                        + " \"views\", \"triggers_path\": \"triggers\"" + dependencies + "}",
                "types/greeting.sql",
                "CREATE TYPE greeting AS (who text, text text);\n",
                "tables/001_greeted.sql",
                "CREATE TABLE greeted (who text PRIMARY KEY, at timestamptz);\n",
                "functions/greet.sql",
                "CREATE OR REPLACE FUNCTION greet(who text) RETURNS greeting LANGUAGE sql AS $$ " + greetBody
                        + " $$;\n",
                "functions/stamp.sql",
                "CREATE OR REPLACE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at := now();"
                        + " RETURN NEW; END $$;\n",
                "views/greeted_names.sql",
                "CREATE OR REPLACE VIEW greeted_names AS SELECT who FROM greeted;\n",
                "triggers/greeted_stamp.sql",
                "CREATE TRIGGER greeted_stamp BEFORE INSERT ON greeted FOR EACH ROW EXECUTE FUNCTION stamp();\n");
    }

    @Test
    void deploysRedeploysBindsCallsAndDumpsAPackageWithItsDependency(TestDatabase db) throws Exception {
        LoadedPackage words = pkg(
                "words",
                "{\"name\": \"words\", \"subclass\": \"versioned\", \"version\": \"2.1.0\", \"functions_path\":"
                        + " \"functions\", \"owner_role\": \"words_owner\"}",
                "functions/hello.sql",
                "CREATE OR REPLACE FUNCTION hello() RETURNS text LANGUAGE sql AS $$ SELECT 'Hello' $$;\n");
        LoadedPackage main =
                greetings(", \"dependencies\": {\"words\": \"2_x\"}", "SELECT who, hello() || ', ' || who");
        Path dump = tmp.resolve("schema.sql");
        CollectingLog log = new CollectingLog();

        PackageVerifier.Result r = new PackageVerifier(log)
                .verify(
                        main,
                        List.of(words),
                        new PackageVerifier.Options(
                                DeployMode.MODERATE,
                                List.of("SELECT (greet('world')).text", "INSERT INTO greeted (who) VALUES ('x')"),
                                "test"),
                        scratch(db),
                        dump);

        assertThat(r.schema()).isEqualTo("greetings_1_0_0");
        assertThat(r.dependencies()).containsExactly("words 2_1_0");
        assertThat(r.files()).isEqualTo(6);
        assertThat(r.redeployMode()).isEqualTo("moderate");
        assertThat(r.redeployAction()).isEqualTo("RENAME_AND_CREATE");
        assertThat(r.requirement()).isEqualTo("1_0_0");
        assertThat(r.searchPath()).startsWith("greetings_1_0_0", "words_2_1_0");
        assertThat(r.functionsResolved()).isEqualTo(2);
        assertThat(r.calls()).extracting(PackageVerifier.Call::result).containsExactly("Hello, world", null);
        assertThat(log.lines)
                .contains("INFO Created the role words_owner (NOLOGIN) on the throwaway server: config.json names it")
                .contains("INFO Redeployed in moderate mode: schema greetings_1_0_0 renamed to greetings_1_0_0_0 and"
                        + " created afresh")
                .contains("INFO   SELECT (greet('world')).text -> Hello, world");
        String schema = Files.readString(dump);
        assertThat(schema).contains("greetings_1_0_0.greet(").contains("words_2_1_0.hello(");
        assertThat(schema).doesNotContain("sem_packages.");
    }

    @Test
    void aFailingCallFailsVerificationNamingTheCallAndTheBinding(TestDatabase db) throws Exception {
        LoadedPackage main = greetings("", "SELECT who, 'Hi ' || who");
        assertThatThrownBy(() -> new PackageVerifier(EngineLog.silent())
                        .verify(
                                main,
                                List.of(),
                                new PackageVerifier.Options(null, List.of("SELECT greet(42)"), "test"),
                                scratch(db),
                                null))
                .isInstanceOf(Verifier.VerificationFailedException.class)
                .hasMessageStartingWith("Verification failed: the verify call SELECT greet(42) failed (in a session"
                        + " bound with sem_packages.set_search_path('greetings', '1_0_0')): ERROR: function"
                        + " greet(integer) does not exist")
                .hasMessageEndingWith("; fix the package or the <verifyCalls> of pom.xml");
    }

    @Test
    void aFunctionBodyThatDoesNotCompileFailsVerification(TestDatabase db) throws Exception {
        LoadedPackage main = greetings("", "SELECT who, no_such_function(who)");
        CollectingLog log = new CollectingLog();
        assertThatThrownBy(() -> new PackageVerifier(log)
                        .verify(
                                main,
                                List.of(),
                                new PackageVerifier.Options(DeployMode.MODERATE, List.of(), "test"),
                                scratch(db),
                                null))
                .isInstanceOf(Verifier.VerificationFailedException.class)
                .hasMessageStartingWith("Verification failed: the body of greetings_1_0_0.greet(text) does not compile"
                        + " in a session bound to the package: ERROR: function no_such_function(text) does not exist")
                .hasMessageEndingWith("(deploys run with check_function_bodies off, so the deploy did not notice)");
    }

    @Test
    void aFileThatFailsToDeployFailsNamingTheStepAndTheFile(TestDatabase db) throws Exception {
        LoadedPackage main = greetings("", "SELECT who, 'Hi ' || who");
        Files.writeString(
                main.root().resolve("views/greeted_names.sql"), "CREATE VIEW v AS SELECT nope FROM greeted;\n");
        LoadedPackage broken = PackageLoader.load(main.root());
        assertThatThrownBy(() -> new PackageVerifier(EngineLog.silent())
                        .verify(
                                broken,
                                List.of(),
                                new PackageVerifier.Options(null, List.of(), "test"),
                                scratch(db),
                                null))
                .isInstanceOf(Verifier.VerificationFailedException.class)
                .hasMessageStartingWith(
                        "Verification failed deploying greetings 1_0_0 into an empty database on a" + " throwaway ")
                .hasMessageContaining("views/greeted_names.sql")
                .hasMessageContaining("nope");
    }

    @Test
    void aSafeRedeployIsRefusedAsAVerifyMode() {
        assertThatThrownBy(() -> new PackageVerifier.Options(DeployMode.SAFE, List.of(), "test"))
                .isInstanceOf(PackageException.class)
                .hasMessage("The redeploy mode of verify cannot be safe (a safe redeploy is refused by design): use"
                        + " moderate (the default), unsafe, overwrite, or none to skip the redeploy");
    }

    @Test
    void theScratchDatabaseIsGoneAfterVerification(TestDatabase db) throws Exception {
        LoadedPackage main = greetings("", "SELECT who, 'Hi ' || who");
        new PackageVerifier(EngineLog.silent())
                .verify(main, List.of(), new PackageVerifier.Options(null, List.of(), "test"), scratch(db), null);
        List<String> scratchDatabases = new ArrayList<>();
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'sem_verify_%'")) {
            while (rs.next()) {
                scratchDatabases.add(rs.getString(1));
            }
        }
        assertThat(scratchDatabases).isEmpty();
    }
}

package dev.sem.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import dev.sem.EngineLog;
import dev.sem.apply.ApplyOptions;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(TestPostgres.class)
class VerifierTest {

    @TempDir
    Path tmp;

    private static Path repo(Path dir, String... nameAndSql) throws Exception {
        Files.createDirectories(dir.resolve("scripts"));
        for (int i = 0; i < nameAndSql.length; i += 2) {
            Files.writeString(dir.resolve("scripts").resolve(nameAndSql[i]), nameAndSql[i + 1]);
        }
        return dir;
    }

    private static Supplier<ThrowawayPostgres> scratch(TestDatabase db) {
        return () -> ThrowawayPostgres.fromServer(db.server().jdbcUrl("postgres"), db.user(), db.password());
    }

    @Test
    void appliesFromScratchProvesTheSecondRunIsANoOpAndDumpsTheSchema(TestDatabase db) throws Exception {
        Path base = repo(
                tmp.resolve("repo"),
                "20260101-000001.sql",
                "create table customer (id bigint primary key, name text not null);",
                "20260101-000002.sql",
                "alter table customer add column email text;");
        Path dump = tmp.resolve("schema.sql");
        Verifier.Result r =
                new Verifier(EngineLog.silent()).verify(base, ApplyOptions.defaults(), scratch(db), null, null, dump);
        assertThat(r.applied()).isEqualTo(2);
        assertThat(Files.readString(dump)).contains("customer").contains("email");
    }

    @Test
    void aFailingScriptFailsVerificationNamingFileLineAndMessage(TestDatabase db) throws Exception {
        Path base = repo(
                tmp.resolve("repo"),
                "20260101-000001.sql",
                "create table customer (id bigint primary key);",
                "20260101-000002.sql",
                "insert into customer (id)\n  select id\n    from no_such_table;");
        CollectingLog log = new CollectingLog();
        assertThatThrownBy(() -> new Verifier(log).verify(base, ApplyOptions.defaults(), scratch(db), null, null, null))
                .isInstanceOf(Verifier.VerificationFailedException.class)
                .hasMessageContaining("File[./scripts/20260101-000002.sql] line 3")
                .hasMessageContaining("relation \"no_such_table\" does not exist")
                .hasMessageContaining("42P01");
        // A throwaway database: no advice to record the script by hand, which would be pointless there.
        assertThat(log.lines)
                .contains("ERROR This database is a throwaway one, so there is nothing to record: fix the script, then"
                        + " run mvn sem:verify again.");
        assertThat(log.text()).doesNotContain("psql").doesNotContain("record it as having been applied");
    }

    @Test
    void upgradesFromAnEarlierRelease(TestDatabase db) throws Exception {
        Path previous = repo(tmp.resolve("v1"), "20260101-000001.sql", "create table a (id int);");
        Path base = repo(
                tmp.resolve("v2"),
                "20260101-000001.sql",
                "create table a (id int);",
                "20260201-000001.sql",
                "create table b (id int);",
                "20260201-000002.sql",
                "create table c (id int);");
        Verifier.Result r = new Verifier(EngineLog.silent())
                .verify(base, ApplyOptions.defaults(), scratch(db), previous, "1.0.0", null);
        assertThat(r.upgradedFrom()).isEqualTo("1.0.0");
        assertThat(r.upgradeApplied()).isEqualTo(2);
    }

    @Test
    void aReleasedScriptChangedSinceTheEarlierReleaseIsNotOfferedForAcceptance(TestDatabase db) throws Exception {
        Path previous = repo(tmp.resolve("previous"), "20260101-000001.sql", "create table a (id int);");
        Path base = repo(tmp.resolve("repo"), "20260101-000001.sql", "create table a (id bigint);");
        // Accepting needs a database to accept it on; the throwaway one is gone after verification.
        assertThatThrownBy(() -> new Verifier(EngineLog.silent())
                        .verify(base, ApplyOptions.defaults(), scratch(db), previous, "1.0.0", null))
                .isInstanceOf(Verifier.VerificationFailedException.class)
                .hasMessageContaining("File[./scripts/20260101-000001.sql] was changed after it was applied")
                .hasMessageContaining("Restore the applied content and put the change in a new script (mvn sem:add"
                        + " description=\"what it changes\" starts one) (nothing was applied)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("accept"));
    }
}

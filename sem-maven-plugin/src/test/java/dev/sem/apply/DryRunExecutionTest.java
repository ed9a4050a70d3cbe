package dev.sem.apply;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

import dev.sem.sql.Echo;
import dev.sem.sql.ScriptParser;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.Unit;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.testing.Tools;
import dev.sem.verify.SchemaDump;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dry run's SQL file, executed on a fresh database, leaves the same catalog and history as a real apply; only
 * timestamps may differ. Runs the file with psql when it is installed, else with sem's own psql-compatible parser.
 */
@ExtendWith(TestPostgres.class)
class DryRunExecutionTest {

    @TempDir
    Path tmp;

    @Test
    void theDryRunFileReproducesARealApply(TestDatabase real, TestDatabase replayed) throws Exception {
        Scripts s = new Scripts(tmp.resolve("repo"))
                .add(
                        "20260101-000001.sql",
                        "create table customer (id bigint primary key, name text);\n"
                                + "copy customer from stdin;\n1\tAda\n2\tGrace\n\\.\n")
                .add(
                        "20260101-000002.sql",
                        "-- sem.attribute.transaction = none\ncreate index concurrently customer_name on customer (name);\n")
                .add("20260101-000003.sql", "\\echo adding email\nalter table customer add column email text;")
                .version("3.1.0");

        ApplyReport dry = Scripts.applier(replayed, new CollectingLog())
                .apply(s.base, ApplyOptions.defaults().withDryRun(true));
        Path file = tmp.resolve("plan.sql");
        Files.writeString(file, dry.dryRunSql());
        run(replayed, file);

        Scripts.applier(real, new CollectingLog()).apply(s.base, ApplyOptions.defaults());

        assertThat(dump(replayed)).isEqualTo(dump(real));
        for (String q : List.of(
                "SELECT string_agg(filename, ',' ORDER BY id) FROM schema_evolution_manager.scripts",
                "SELECT string_agg(filename, ',' ORDER BY id) FROM schema_evolution_manager.bootstrap_scripts",
                "SELECT string_agg(version, ',' ORDER BY id) FROM schema_evolution_manager.versions",
                "SELECT string_agg(filename || sha256 || chain, ',' ORDER BY filename)"
                        + " FROM schema_evolution_manager.sem_java_script_checksums",
                "SELECT string_agg(name, ',' ORDER BY id) FROM customer")) {
            assertThat(Scripts.strings(replayed, q)).as(q).isEqualTo(Scripts.strings(real, q));
        }
    }

    private static String dump(TestDatabase db) throws Exception {
        try (Connection c = db.connect()) {
            return SchemaDump.dump(c);
        }
    }

    /** psql when installed; otherwise the same statements through sem's parser, one at a time in autocommit. */
    private static void run(TestDatabase db, Path file) throws Exception {
        if (Files.isExecutable(Tools.PSQL)) {
            String out = Tools.psqlFile(db, file, false);
            assertThat(out).startsWith("0\n");
            return;
        }
        List<Unit> units = new ScriptParser(Map.of(), null)
                .parse(file.toString(), Files.readString(file))
                .units();
        try (Connection c = db.connect()) {
            StatementRunner runner = new StatementRunner(c);
            for (Unit u : units) {
                if (!(u instanceof Echo)) {
                    runner.run((SqlStatement) u);
                }
            }
        }
    }
}

package dev.sem.apply;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import dev.sem.EngineLog;
import dev.sem.script.Script;
import dev.sem.script.ScriptReader;
import dev.sem.script.Sha256;
import dev.sem.testing.CollectingLog;
import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.apply.Scripts.applied;
import static dev.sem.apply.Scripts.count;
import static dev.sem.apply.Scripts.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scripts of {@link ScriptReader#STREAMED_FROM_BYTES} or more apply from their file, COPY data streamed to the server. */
@ExtendWith(TestPostgres.class)
class StreamedApplyTest {

    private static final String NAME = "20260101-000001.sql";

    @TempDir
    Path tmp;

    private final CollectingLog log = new CollectingLog();

    /** A script just over the streaming size: a table, its COPY data with a non-ASCII name, a statement after. */
    private long writeLarge(Path scripts, Charset charset, String lastRow) throws IOException {
        long rows = 0;
        try (Writer w = Files.newBufferedWriter(scripts.resolve(NAME), charset)) {
            w.write("create table big (id bigint primary key, name text not null);\n");
            w.write("COPY big (id, name) FROM stdin;\n");
            long written = 0;
            while (written < ScriptReader.STREAMED_FROM_BYTES) {
                String row = ++rows + "\tcaf\u00e9 " + rows + " \\\\ tab\\there\n";
                w.write(row);
                written += row.length();
            }
            w.write(lastRow);
            w.write("\\.\n");
            w.write("create index big_name on big (name);\n");
        }
        return rows + (lastRow.isEmpty() ? 0 : 1);
    }

    @Test
    void aLargeScriptAppliesFromItsFile_andIsRecordedWithTheFilesChecksum(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp);
        long rows = writeLarge(s.base.resolve("scripts"), StandardCharsets.UTF_8, "");

        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults());

        assertThat(count(db, "SELECT count(*) FROM big")).isEqualTo(rows);
        assertThat(strings(db, "SELECT name FROM big WHERE id = 7")).containsExactly("caf\u00e9 7 \\ tab\there");
        assertThat(count(db, "SELECT count(*) FROM pg_indexes WHERE indexname = 'big_name'"))
                .isEqualTo(1);
        assertThat(applied(db)).containsExactly(NAME);
        byte[] bytes = Files.readAllBytes(s.base.resolve("scripts").resolve(NAME));
        String inMemory = new ScriptReader(null, ScriptReader.Options.defaults(), EngineLog.silent())
                .normalizedSha256(Script.of(NAME, bytes));
        assertThat(strings(
                        db,
                        "SELECT sha256 || ' ' || normalized_sha256"
                                + " FROM schema_evolution_manager.sem_java_script_checksums"))
                .containsExactly(Sha256.hex(bytes) + " " + inMemory);
    }

    @Test
    void aLatin1ScriptsDataIsSentAsTheSameCharacters(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp);
        long rows = writeLarge(s.base.resolve("scripts"), StandardCharsets.ISO_8859_1, "");

        Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults().withEncoding(StandardCharsets.ISO_8859_1));

        assertThat(count(db, "SELECT count(*) FROM big WHERE name LIKE 'caf\u00e9 %'"))
                .isEqualTo(rows);
        byte[] bytes = Files.readAllBytes(s.base.resolve("scripts").resolve(NAME));
        String inMemory = new ScriptReader(
                        null,
                        new ScriptReader.Options(StandardCharsets.ISO_8859_1, false, java.util.Map.of()),
                        EngineLog.silent())
                .normalizedSha256(Script.of(NAME, bytes));
        assertThat(strings(db, "SELECT normalized_sha256 FROM schema_evolution_manager.sem_java_script_checksums"))
                .containsExactly(inMemory);
    }

    @Test
    void aBadRowFailsTheScriptAndLeavesNothingOfIt(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp);
        writeLarge(s.base.resolve("scripts"), StandardCharsets.UTF_8, "not-a-number\tx\n");

        assertThatThrownBy(() -> Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults()))
                .isInstanceOf(Applier.ApplyFailedException.class)
                .hasMessageContaining("File[./scripts/" + NAME + "] line 2")
                .hasMessageContaining("not-a-number");

        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'big'"))
                .isZero();
        assertThat(applied(db)).isEmpty();
    }

    @Test
    void aScriptFileChangedBeforeItsDataIsSentFailsTheStatement_theConnectionStaysUsable(TestDatabase db)
            throws Exception {
        Scripts s = new Scripts(tmp);
        writeLarge(s.base.resolve("scripts"), StandardCharsets.UTF_8, "");
        Path file = s.base.resolve("scripts").resolve(NAME);
        Script script = new ScriptReader(null, ScriptReader.Options.defaults(), EngineLog.silent())
                .read(ScriptReader.load(NAME, file));
        Files.writeString(file, "-- edited\n", java.nio.file.StandardOpenOption.APPEND);

        try (java.sql.Connection c = db.connect()) {
            StatementRunner runner = new StatementRunner(c);
            runner.run(script.parsed().statements().get(0));
            assertThatThrownBy(() -> runner.run(script.parsed().statements().get(1)))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("changed while sem was using it")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("58030"));
            runner.run(new dev.sem.sql.SqlStatement(
                    "select count(*) from big", NAME, 1, dev.sem.sql.StatementKind.TRANSACTIONAL, "SELECT", null));
        }
    }

    @Test
    void aDryRunOfALargeScriptHoldsItsData(TestDatabase db) throws Exception {
        Scripts s = new Scripts(tmp);
        writeLarge(s.base.resolve("scripts"), StandardCharsets.UTF_8, "");

        ApplyReport r =
                Scripts.applier(db, log).apply(s.base, ApplyOptions.defaults().withDryRun(true));

        assertThat(r.dryRunSql())
                .contains("COPY big (id, name) FROM stdin;\n1\tcaf\u00e9 1 \\\\ tab\\there\n2\t")
                .contains("\\.\ncreate index big_name on big (name);\n");
        assertThat(count(db, "SELECT count(*) FROM pg_tables WHERE tablename = 'big'"))
                .isZero();

        Path file = tmp.resolve("plan.sql");
        r.writeDryRunSql(file);
        assertThat(Files.readString(file)).isEqualTo(r.dryRunSql());
        java.util.List<String> printed = new java.util.ArrayList<>();
        r.dryRunPlan().printLines(printed::add);
        assertThat(printed)
                .contains("COPY big (id, name) FROM stdin;", "\\.", "create index big_name on big (name);")
                .anyMatch(l -> l.matches("-- \\d+ bytes of COPY data from " + NAME + " \\(in the dry-run file\\)"))
                .noneMatch(l -> l.contains("caf\u00e9"));
    }
}

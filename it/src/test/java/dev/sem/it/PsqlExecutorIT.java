package dev.sem.it;

import java.nio.file.Path;
import java.util.List;

import dev.sem.testing.TestDatabase;
import dev.sem.testing.TestPostgres;
import dev.sem.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sem.it.Databases.appliedScripts;
import static dev.sem.it.Databases.query;
import static dev.sem.it.Databases.semUrl;
import static dev.sem.it.Databases.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A script that needs psql ({@code \gset}, {@code \if}), marked {@code -- sem.executor = psql}: {@code sem:apply} runs
 * it through the installed psql and records it like any other, {@code sem:verify} replays it the same way, and a host
 * without psql is refused before anything is applied.
 */
@ExtendWith(TestPostgres.class)
class PsqlExecutorIT {

    private static final String FIRST = "20260101-000000.sql";
    private static final String SECOND = "20260102-000000.sql";
    private static final String THIRD = "20260103-000000.sql";

    @TempDir
    Path tmp;

    @Test
    void applyAndVerifyRunAScriptThatNeedsPsql(TestDatabase db, TestInfo info) throws Exception {
        Path psql = Tools.require(Tools.PSQL, "psql");
        SchemaProject project = SchemaProject.fromTemplate(
                        tmp.resolve("settings-db"), "dev.sem.it.psql", "settings-db", "1.0.0")
                .script(FIRST, "create table settings (name text primary key, value text);\n")
                .script(
                        SECOND,
                        "-- sem.executor = psql\n"
                                + "-- Seeds the defaults once, with psql's own conditionals.\n"
                                + "select count(*) = 0 as fresh from settings \\gset\n"
                                + "\\if :fresh\n"
                                + "insert into settings values ('theme', 'dark');\n"
                                + "\\endif\n");
        Maven mvn = Maven.forTest(info, Settings.forDatabase(db).write(tmp.resolve("settings.xml")));

        Maven.Build apply = mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db), "-Dsem.psql=" + psql)
                .succeeded();

        apply.lineMatching(
                "\\[INFO\\]   1 script\\(s\\) run with psql \\(PostgreSQL\\) .* \\(-- sem.executor = psql\\): "
                        + SECOND);
        apply.lineMatching("\\[INFO\\] Applying " + SECOND + " Done \\(2/2, .*");
        assertThat(appliedScripts(db)).containsExactly(FIRST, SECOND);
        assertThat(query(db, "SELECT name || '=' || value FROM settings")).containsExactly("theme=dark");

        mvn.run(project.dir(), "sem:verify", "-Dsem.psql=" + psql, "-Dsem.verify.upgradeFrom=none")
                .succeeded()
                .lineMatching("\\[INFO\\] sem:verify: 2 script\\(s\\) apply cleanly on .*");

        project.script(
                THIRD, "-- sem.executor = psql\n\\set who sem\ncreate table greeted (name text default :'who');\n");
        List<String> before = snapshot(db);
        Path missing = tmp.resolve("no-psql-here");
        Maven.Build refused = mvn.run(project.dir(), "sem:apply", "-Dsem.url=" + semUrl(db), "-Dsem.psql=" + missing)
                .failed();
        assertThat(refused.lines(l -> l.startsWith("[ERROR] Failed to execute goal " + Maven.PLUGIN + ":apply")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .contains("1 pending script(s) run with psql ('-- sem.executor = psql': " + THIRD + "), but "
                                + missing + " cannot be run on this host")
                        .contains("or name the program with -Dsem.psql=/path/to/psql")
                        .contains("(nothing was applied)"));
        assertThat(snapshot(db)).isEqualTo(before);
    }
}

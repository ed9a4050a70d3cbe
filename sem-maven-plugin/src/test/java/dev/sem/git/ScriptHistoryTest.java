package dev.sem.git;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.sem.git.ScriptHistory.ScriptChange;
import dev.sem.git.ScriptHistory.Source;
import dev.sem.script.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptHistoryTest {

    private static final String A = "20260101-000000.sql";
    private static final String B = "20260102-000000.sql";

    @TempDir
    Path tmp;

    @Test
    void nothingChangedWithoutReleasesOrEdits() throws Exception {
        try (GitFixture fx = new GitFixture(tmp)) {
            fx.write("scripts/" + A, "a").commit("a");
            assertThat(ScriptHistory.changedSinceRelease(fx.dir)).isEmpty();
            fx.tag("0.0.1");
            fx.write("scripts/" + B, "b").commit("b");
            assertThat(ScriptHistory.changedSinceRelease(fx.dir)).isEmpty();
        }
    }

    @Test
    void reportsWorkingTreeEditsAgainstTheFirstDifferingRelease() throws Exception {
        try (GitFixture fx = new GitFixture(tmp)) {
            fx.write("scripts/" + A, "a").commit("a");
            fx.tag("0.0.1");
            fx.write("scripts/" + B, "b").commit("b");
            fx.tag("0.0.2");
            fx.write("scripts/" + A, "a edited");

            List<ScriptChange> changes = ScriptHistory.changedSinceRelease(fx.dir);

            assertThat(changes)
                    .containsExactly(new ScriptChange(A, "0.0.1", sha("a"), sha("a edited"), Source.WORKING_TREE));
            assertThat(changes.get(0).message())
                    .contains("scripts/" + A, "0.0.1", sha("a"), sha("a edited"), "the working tree");
        }
    }

    @Test
    void reportsCommittedEditsAndDeletions() throws Exception {
        try (GitFixture fx = new GitFixture(tmp)) {
            fx.write("scripts/" + A, "a").write("scripts/" + B, "b").commit("ab");
            fx.tag("v1.0.0");
            fx.write("scripts/" + A, "a2").commit("edit a");
            fx.tag("v1.0.1");
            fx.delete("scripts/" + B).commit("delete b");
            fx.write("scripts/" + A, "a"); // working tree reverted to the first release, HEAD still edited

            List<ScriptChange> changes = ScriptHistory.changedSinceRelease(fx.dir);

            assertThat(changes)
                    .containsExactly(
                            new ScriptChange(A, "v1.0.1", sha("a2"), sha("a"), Source.WORKING_TREE),
                            new ScriptChange(A, "v1.0.0", sha("a"), sha("a2"), Source.HEAD),
                            new ScriptChange(B, "v1.0.0", sha("b"), null, Source.WORKING_TREE));
            assertThat(changes.get(2).deleted()).isTrue();
            assertThat(changes.get(2).message()).contains("is deleted in the working tree");
        }
    }

    private static String sha(String s) {
        return Sha256.hex(s.getBytes(StandardCharsets.UTF_8));
    }
}

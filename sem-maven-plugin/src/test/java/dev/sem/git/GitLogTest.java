package dev.sem.git;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class GitLogTest {

    @TempDir
    Path tmp;

    @Test
    void formatsCommitsLikeGitLogWithDecorations() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            RevCommit first = fx.commit("Adding scripts directory");
            fx.tag("0.0.1");
            RevCommit second = fx.commit(
                    "Add scripts\nsecond line\n\nbody",
                    new PersonIdent(
                            "Jane Doe",
                            "jane@example.com",
                            Instant.parse("2026-11-21T23:30:00Z"),
                            ZoneId.of("+02:00")));
            fx.annotatedTag("v0.0.2");
            fx.git.branchCreate().setName("zeta").call();
            fx.git.branchCreate().setName("alpha").call();
            var update = fx.git.getRepository().updateRef("refs/remotes/origin/main");
            update.setNewObjectId(second);
            update.forceUpdate();

            List<CommitLine> lines = GitLog.lastCommits(repo, "HEAD", 10);

            assertThat(lines).hasSize(2);
            CommitLine top = lines.get(0);
            assertThat(top.shortHash()).isEqualTo(second.name().substring(0, 7));
            assertThat(top.date()).isEqualTo(LocalDate.of(2026, 11, 22));
            assertThat(top.subject()).isEqualTo("Add scripts second line");
            assertThat(top.decorations()).isEqualTo(" (HEAD -> main, tag: v0.0.2, origin/main, zeta, alpha)");
            assertThat(lines.get(1).format())
                    .isEqualTo(first.name().substring(0, 7) + " 2026-11-21 | Adding scripts directory (tag: 0.0.1)"
                            + " [Jane Doe]");
        }
    }

    @Test
    void startsAtTheTagAndStopsAfterN() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            for (int i = 1; i <= 4; i++) {
                fx.commit("c" + i);
            }
            fx.tag("0.0.1");
            fx.commit("after the tag");
            fx.git
                    .checkout()
                    .setName(fx.git.getRepository().resolve("HEAD").name())
                    .call();

            List<CommitLine> lines = GitLog.lastCommits(repo, "0.0.1", 3);

            assertThat(lines.stream().map(CommitLine::subject)).containsExactly("c4", "c3", "c2");
            assertThat(lines.get(0).decorations()).isEqualTo(" (tag: 0.0.1)");
            assertThat(GitLog.lastCommits(repo, "HEAD", 1).get(0).decorations()).isEqualTo(" (HEAD, main)");
        }
    }
}

package dev.sem.packaging;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import dev.sem.git.CommitLine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChangesTest {

    @Test
    void rendersSemsExactFormat() {
        String text = Changes.render(
                Instant.parse("2026-11-21T07:19:33.987Z"),
                "0.0.2",
                List.of(
                        new CommitLine(
                                "81a8ac3",
                                LocalDate.of(2026, 11, 21),
                                "Add scripts",
                                " (HEAD -> main, tag: 0.0.2)",
                                "Jane Doe"),
                        new CommitLine(
                                "f36be1c",
                                LocalDate.of(2026, 11, 21),
                                "Adding scripts directory",
                                " (tag: 0.0.1)",
                                "Jane Doe")));

        assertThat(text).isEqualTo("""
                        Created: 2026-11-21 07:19:33 UTC
                        Git Tag: 0.0.2

                        git log --pretty=format:"%h %ad | %s%d [%an]" --date=short -10:
                          81a8ac3 2026-11-21 | Add scripts (HEAD -> main, tag: 0.0.2) [Jane Doe]
                          f36be1c 2026-11-21 | Adding scripts directory (tag: 0.0.1) [Jane Doe]
                        """);
    }

    @Test
    void listsAtMostTenCommits() {
        List<CommitLine> commits = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            commits.add(new CommitLine("abcdef" + i, LocalDate.of(2026, 1, 1), "c" + i, "", "Jo"));
        }
        String text = Changes.render(Instant.EPOCH, "1.0.0", commits);

        assertThat(text.lines().filter(l -> l.startsWith("  "))).hasSize(10);
        assertThat(text).contains("  abcdef9 2026-01-01 | c9 [Jo]\n").doesNotContain("c10");
        assertThat(text).startsWith("Created: 1970-01-01 00:00:00 UTC\n");
    }

    @Test
    void rendersNoCommitLinesWhenThereAreNone() {
        assertThat(Changes.render(Instant.EPOCH, "0.0.1", List.of()))
                .isEqualTo("Created: 1970-01-01 00:00:00 UTC\nGit Tag: 0.0.1\n\n" + Changes.GIT_LOG_LINE + "\n");
    }
}

package dev.sem.git;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.sem.SemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseTagsTest {

    @TempDir
    Path tmp;

    @Test
    void suggestsTheFirstTagWhenThereIsNone() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.commit("first");
            ReleaseTags tags = new ReleaseTags(repo);
            assertThat(tags.latest()).isEmpty();
            assertThat(tags.next()).isEqualTo("0.0.1");
            assertThat(tags.headTag()).isEmpty();
        }
    }

    @Test
    void ordersNumericallyIgnoringThePrefix() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.commit("one");
            fx.tag("0.0.1").annotatedTag("0.0.2");
            fx.commit("two");
            fx.tag("0.0.10").tag("not-a-release").tag("1.0");
            fx.commit("three");
            fx.annotatedTag("v0.1.0");

            ReleaseTags tags = new ReleaseTags(repo);
            assertThat(tags.all().stream().map(ReleaseTag::name)).containsExactly("0.0.1", "0.0.2", "0.0.10", "v0.1.0");
            assertThat(tags.latest()).map(ReleaseTag::name).contains("v0.1.0");
            assertThat(tags.next()).isEqualTo("v0.1.1");
            assertThat(tags.next(ReleaseTag.Component.MINOR)).isEqualTo("v0.2.0");
            assertThat(tags.next(ReleaseTag.Component.MAJOR)).isEqualTo("v1.0.0");
            assertThat(tags.headTag()).map(ReleaseTag::name).contains("v0.1.0");
        }
    }

    @Test
    void existsIsAnExactMatchNotASubstring() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.commit("one");
            fx.tag("0.0.1").tag("misc");
            ReleaseTags tags = new ReleaseTags(repo);

            assertThat(tags.exists("0.0.1")).isTrue();
            assertThat(tags.exists("misc")).isTrue();
            assertThat(tags.exists("0.0")).isFalse();
            assertThat(tags.exists("0.0.11")).isFalse();
            assertThat(tags.exists("")).isFalse();
        }
    }

    @Test
    void headTagIsEmptyWhenHeadMovedOn() throws Exception {
        try (GitFixture fx = new GitFixture(tmp);
                GitRepo repo = fx.open()) {
            fx.commit("one");
            fx.tag("0.0.1");
            fx.commit("two");
            assertThat(new ReleaseTags(repo).headTag()).isEmpty();
        }
    }

    @Test
    void parsesMultiDigitMajorsAndPrefixes() {
        assertThat(ReleaseTag.parse("10.0.0").orElseThrow().major()).isEqualTo(10);
        ReleaseTag r = ReleaseTag.parse("r2d2.0.1").orElseThrow();
        assertThat(r.prefix()).isEqualTo("r2d");
        assertThat(r.next(ReleaseTag.Component.MICRO).name()).isEqualTo("r2d2.0.2");
        assertThat(ReleaseTag.parse("9.0.0").orElseThrow())
                .isLessThan(ReleaseTag.parse("10.0.0").orElseThrow());
        for (String bad : List.of("1.0", "1.0.0-SNAPSHOT", "v-1.0.0", "1.0.0.0", "")) {
            assertThat(ReleaseTag.parse(bad)).as(bad).isEmpty();
            assertThat(ReleaseTag.isReleaseTag(bad)).as(bad).isFalse();
        }
    }

    @Test
    void openRefusesADirectoryOutsideAnyRepository() throws Exception {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> GitRepo.open(plain))
                .isInstanceOf(SemException.class)
                .hasMessage(plain + " is not inside a git work tree; run this in a clone of the schema repository"
                        + " (or create one with git init)");
    }

    @Test
    void openFindsTheRepositoryFromASubdirectory() throws Exception {
        try (GitFixture fx = new GitFixture(tmp.resolve("repo"))) {
            Path sub = Files.createDirectories(fx.dir.resolve("a/b"));
            try (GitRepo repo = GitRepo.open(sub)) {
                assertThat(repo.workTree()).isEqualTo(fx.dir.toRealPath());
                assertThat(repo.relativePath(sub.resolve("scripts/x.sql"))).isEqualTo("a/b/scripts/x.sql");
                assertThat(repo.relativePath(fx.dir)).isEmpty();
                assertThatThrownBy(() -> repo.commit("nope")).hasMessageContaining("Revision[nope] not found");
            }
        }
    }
}

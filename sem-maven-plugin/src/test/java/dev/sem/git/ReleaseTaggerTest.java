package dev.sem.git;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.SemException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseTaggerTest {

    @TempDir
    Path tmp;

    @Test
    void createsAnAnnotatedTagOnHeadNextAfterTheHighestKeepingItsPrefix() throws Exception {
        try (GitFixture fx = new GitFixture(tmp.resolve("repo"));
                GitRepo repo = fx.open()) {
            fx.write("scripts/20260101-000000.sql", "select 1;\n").commit("one");
            fx.annotatedTag("v1.2.3");
            RevCommit head = fx.commit("two");

            String name = ReleaseTagger.choose(new ReleaseTags(repo), null, ReleaseTag.Component.MINOR);
            ReleaseTagger.Created created = ReleaseTagger.create(repo, name);

            assertThat(name).isEqualTo("v1.3.0");
            assertThat(created).isEqualTo(new ReleaseTagger.Created("v1.3.0", head.getName(), "v1.2.3"));
            Ref ref = repo.repository().exactRef(Constants.R_TAGS + "v1.3.0");
            try (RevWalk walk = new RevWalk(repo.repository())) {
                RevObject object = walk.parseAny(ref.getObjectId());
                assertThat(object).as("annotated").isInstanceOf(RevTag.class);
                assertThat(((RevTag) object).getFullMessage().strip()).isEqualTo("v1.3.0");
                assertThat(walk.peel(object).getId()).isEqualTo(head.getId());
            }
            assertThat(new ReleaseTags(repo).latest()).map(ReleaseTag::name).contains("v1.3.0");
        }
    }

    @Test
    void theFirstTagIs001AndAGivenNameIsTakenAsIs() throws Exception {
        try (GitFixture fx = new GitFixture(tmp.resolve("repo"));
                GitRepo repo = fx.open()) {
            fx.commit("one");
            assertThat(ReleaseTagger.choose(new ReleaseTags(repo), null, ReleaseTag.Component.MAJOR))
                    .isEqualTo("0.0.1");
            assertThat(ReleaseTagger.choose(new ReleaseTags(repo), " r2.0.0 ", ReleaseTag.Component.MICRO))
                    .isEqualTo("r2.0.0");
        }
    }

    @Test
    void refusesASnapshotANonReleaseNameAndAnExistingTag() throws Exception {
        try (GitFixture fx = new GitFixture(tmp.resolve("repo"));
                GitRepo repo = fx.open()) {
            fx.commit("one");
            fx.tag("1.0.0");
            ReleaseTags tags = new ReleaseTags(repo);

            assertThatThrownBy(() -> ReleaseTagger.choose(tags, "1.1.0-SNAPSHOT", ReleaseTag.Component.MICRO))
                    .isInstanceOf(SemException.class)
                    .hasMessageStartingWith("Invalid tag[1.1.0-SNAPSHOT]. Format must be x.x.x (e.g. 1.1.2)");
            assertThatThrownBy(() -> ReleaseTagger.create(repo, "1.1"))
                    .isInstanceOf(SemException.class)
                    .hasMessageStartingWith("Invalid tag[1.1]");
            assertThatThrownBy(() -> ReleaseTagger.choose(tags, "1.0.0", ReleaseTag.Component.MICRO))
                    .isInstanceOf(SemException.class)
                    .hasMessageStartingWith("Tag[1.0.0] already exists")
                    .hasMessageContaining("1.0.1");
            assertThatThrownBy(() -> ReleaseTagger.create(repo, "1.0.0"))
                    .isInstanceOf(SemException.class)
                    .hasMessage("Tag[1.0.0] already exists. Check git tag -l");
            assertThat(repo.repository().getRefDatabase().getRefsByPrefix(Constants.R_TAGS))
                    .hasSize(1);
        }
    }

    @Test
    void refusesADirtyWorkTreeListingTheFiles() throws Exception {
        try (GitFixture fx = new GitFixture(tmp.resolve("repo"));
                GitRepo repo = fx.open()) {
            fx.write("scripts/20260101-000000.sql", "select 1;\n").commit("one");
            fx.write("scripts/20260101-000000.sql", "select 2;\n");
            fx.write("scripts/20260102-000000.sql", "select 3;\n");
            fx.write(".gitignore", "target/\n").write("target/ignored.txt", "x");

            assertThat(ReleaseTagger.dirtyFiles(repo))
                    .containsExactly(".gitignore", "scripts/20260101-000000.sql", "scripts/20260102-000000.sql");
            assertThatThrownBy(() -> ReleaseTagger.create(repo, "0.0.1"))
                    .isInstanceOf(SemException.class)
                    .hasMessageContaining("has uncommitted changes: .gitignore, scripts/20260101-000000.sql,"
                            + " scripts/20260102-000000.sql. Commit (or stash) them before tagging 0.0.1");
            assertThat(new ReleaseTags(repo).exists("0.0.1")).isFalse();

            fx.commit("two");
            assertThat(ReleaseTagger.dirtyFiles(repo)).isEmpty();
            assertThat(ReleaseTagger.create(repo, "0.0.1").tag()).isEqualTo("0.0.1");
        }
    }

    @Test
    void pushesTheTagToABareRemoteByNameOrPath() throws Exception {
        Path remoteDir = tmp.resolve("remote.git");
        Path otherDir = tmp.resolve("other.git");
        try (Git remote = Git.init()
                        .setBare(true)
                        .setDirectory(remoteDir.toFile())
                        .call();
                Git other =
                        Git.init().setBare(true).setDirectory(otherDir.toFile()).call();
                GitFixture fx = new GitFixture(tmp.resolve("repo"));
                GitRepo repo = fx.open()) {
            RevCommit head = fx.commit("one");
            fx.git
                    .remoteAdd()
                    .setName("origin")
                    .setUri(new URIish(remoteDir.toUri().toString()))
                    .call();
            ReleaseTagger.create(repo, "1.0.0");

            ReleaseTagger.push(repo, "origin", "1.0.0", null, null);
            ReleaseTagger.push(repo, otherDir.toString(), "1.0.0", "user", "secret");

            assertThat(peeled(remote.getRepository(), "1.0.0")).isEqualTo(head.getId());
            assertThat(peeled(other.getRepository(), "1.0.0")).isEqualTo(head.getId());
        }
    }

    @Test
    void fetchingTheRemotesTagsMakesTheNextTagFollowReleasesPushedElsewhere() throws Exception {
        Path remoteDir = tmp.resolve("remote.git");
        try (Git remote = Git.init()
                        .setBare(true)
                        .setDirectory(remoteDir.toFile())
                        .call();
                GitFixture mine = new GitFixture(tmp.resolve("mine"));
                GitFixture theirs = new GitFixture(tmp.resolve("theirs"));
                GitRepo myRepo = mine.open();
                GitRepo theirRepo = theirs.open()) {
            mine.commit("one");
            mine.tag("1.0.0");
            theirs.commit("other");
            ReleaseTagger.create(theirRepo, "1.4.0");
            ReleaseTagger.push(theirRepo, remoteDir.toString(), "1.4.0", null, null);
            assertThat(remote.tagList().call()).hasSize(1);
            mine.git
                    .remoteAdd()
                    .setName("origin")
                    .setUri(new URIish(remoteDir.toUri().toString()))
                    .call();
            assertThat(new ReleaseTags(myRepo).next()).isEqualTo("1.0.1");

            ReleaseTagger.fetchTags(myRepo, "origin", null, null);

            assertThat(new ReleaseTags(myRepo).next()).isEqualTo("1.4.1");
            assertThat(new ReleaseTags(myRepo).exists("1.0.0")).isTrue();
            assertThatThrownBy(() -> ReleaseTagger.fetchTags(
                            myRepo, tmp.resolve("nowhere").toString(), "u", "pw-x1"))
                    .isInstanceOf(SemException.class)
                    .hasMessageStartingWith("Cannot fetch the tags of " + tmp.resolve("nowhere"))
                    .hasMessageNotContaining("pw-x1");
        }
    }

    @Test
    void aFailedPushSaysWhereAndNeverThePassword() throws Exception {
        try (GitFixture fx = new GitFixture(tmp.resolve("repo"));
                GitRepo repo = fx.open()) {
            fx.commit("one");
            ReleaseTagger.create(repo, "1.0.0");
            Path missing = tmp.resolve("missing.git");

            assertThatThrownBy(() -> ReleaseTagger.push(repo, missing.toString(), "1.0.0", "u", "s3cret-pw"))
                    .isInstanceOf(SemException.class)
                    .hasMessageStartingWith("Cannot push tag 1.0.0 to " + missing)
                    .hasMessageNotContaining("s3cret-pw");
            assertThatThrownBy(() -> ReleaseTagger.push(repo, "origin", "2.0.0", null, null))
                    .isInstanceOf(SemException.class)
                    .hasMessage("Tag[2.0.0] not found. Check git tag -l");
            assertThat(Files.exists(missing)).isFalse();
        }
    }

    private static ObjectId peeled(Repository repository, String tag) throws Exception {
        Ref ref = repository.exactRef(Constants.R_TAGS + tag);
        assertThat(ref).as("tag " + tag + " in " + repository.getDirectory()).isNotNull();
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.peel(walk.parseAny(ref.getObjectId())).getId();
        }
    }
}

package dev.sem.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository in a temporary directory, driven with JGit. */
final class GitFixture implements AutoCloseable {

    final Path dir;
    final Git git;
    private Instant time = Instant.parse("2026-11-21T07:19:33Z");

    GitFixture(Path dir) throws GitAPIException {
        this.dir = dir;
        this.git =
                Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
    }

    GitFixture write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return this;
    }

    GitFixture delete(String path) throws IOException {
        Files.delete(dir.resolve(path));
        return this;
    }

    RevCommit commit(String message) throws GitAPIException {
        return commit(message, new PersonIdent("Jane Doe", "jane@example.com", time, ZoneId.of("UTC")));
    }

    RevCommit commit(String message, PersonIdent author) throws GitAPIException {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        time = time.plusSeconds(60);
        return git.commit()
                .setMessage(message)
                .setAuthor(author)
                .setCommitter(new PersonIdent("Jane Doe", "jane@example.com", time, ZoneId.of("UTC")))
                .setSign(false)
                .setAllowEmpty(true)
                .call();
    }

    GitFixture tag(String name) throws GitAPIException {
        git.tag().setName(name).setAnnotated(false).call();
        return this;
    }

    GitFixture annotatedTag(String name) throws GitAPIException {
        git.tag()
                .setName(name)
                .setMessage(name)
                .setTagger(new PersonIdent("Jane Doe", "jane@example.com", time, ZoneId.of("UTC")))
                .setSigned(false)
                .call();
        return this;
    }

    GitRepo open() {
        return GitRepo.open(dir);
    }

    @Override
    public void close() {
        git.close();
    }
}

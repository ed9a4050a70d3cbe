package dev.sem.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.SemException;
import dev.sem.git.GitLog;
import dev.sem.git.GitRepo;
import dev.sem.git.ReleaseTag;
import dev.sem.git.ReleaseTags;
import dev.sem.git.TrackedScripts;
import dev.sem.script.Script;
import dev.sem.script.Sha256;
import dev.sem.script.VersionFile;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Builds the distribution of a schema repository from git, as {@code sem:package} does: sem's {@code sem-dist} with the
 * defects of §11 #14 and #16 fixed.
 *
 * <ul>
 *   <li>Only the scripts git tracks at HEAD go in ({@link TrackedScripts#at}), with their committed bytes; never the
 *       working tree's files.
 *   <li>The build is refused when the working tree's {@code scripts/} differs from HEAD (modified, deleted or
 *       uncommitted {@code .sql} files) unless {@link Request#allowDirty()}; even then HEAD's content is packaged.
 *   <li>{@code CHANGES} lists the last 10 commits from the tag (or HEAD), its {@code Created:} line is the output
 *       timestamp, and every entry's mtime is that timestamp: HEAD's commit time unless one is given. The same commit and
 *       refs give a byte-identical archive. ({@code CHANGES} shows git's decorations such as {@code HEAD -> main}, so a
 *       different branch or tag pointing at the commit changes it, as it changes {@code git log}.)
 * </ul>
 *
 * The archive is {@code <outputDirectory>/<artifactId>-<version>.tar.gz} with the prefix directory
 * {@code <artifactId>-<version>/}, laid out by {@link DistributionWriter}. A git work tree is required: without git
 * there is neither a tracked state nor a history for {@code CHANGES}.
 */
public final class Packager {

    /** The revision the distribution is built from. */
    static final String HEAD = Constants.HEAD;

    /**
     * What to package.
     *
     * @param baseDir the directory that contains {@code scripts/}: the repository root or a module inside it
     * @param groupId the Maven groupId for the manifest's coordinates, or {@code null} outside Maven
     * @param artifactId the archive's base name (the Maven artifactId)
     * @param version the version to release (the Maven project version, {@code -SNAPSHOT} allowed). With
     *     {@code versionFromGitTag} it may be {@code null}, and when given it is only used for the coordinates
     * @param versionFromGitTag take the release version from the release tag at HEAD (the {@code version.fromGitTag} option)
     * @param outputDirectory where the archive is written (Maven's {@code target/})
     * @param outputTimestamp the build time and mtime of every entry; {@code null} means HEAD's commit time
     * @param allowDirty package HEAD even when the working tree's {@code scripts/} differs from it
     * @param toolVersion the plugin's version, recorded in the manifest
     * @param tag package the scripts committed at this existing tag (sem-dist {@code --tag}) instead of HEAD, with the
     *     tag as the version; {@code null} packages HEAD
     * @param allowSnapshotVersion write a {@code -SNAPSHOT} version to {@code VERSION}; by default a development
     *     version only names the archive and {@code VERSION} is left empty, so applying it records no version
     */
    public record Request(
            Path baseDir,
            String groupId,
            String artifactId,
            String version,
            boolean versionFromGitTag,
            Path outputDirectory,
            Instant outputTimestamp,
            boolean allowDirty,
            String toolVersion,
            String tag,
            boolean allowSnapshotVersion) {

        public Request {
            Objects.requireNonNull(baseDir, "baseDir");
            Objects.requireNonNull(artifactId, "artifactId");
            Objects.requireNonNull(outputDirectory, "outputDirectory");
            Objects.requireNonNull(toolVersion, "toolVersion");
            if (tag != null && tag.isBlank()) {
                tag = null;
            }
            if (version == null && !versionFromGitTag && tag == null) {
                throw new IllegalArgumentException("version is required unless versionFromGitTag or a tag is given");
            }
        }

        /** A request that packages HEAD, leaving a {@code -SNAPSHOT} version out of {@code VERSION}. */
        public Request(
                Path baseDir,
                String groupId,
                String artifactId,
                String version,
                boolean versionFromGitTag,
                Path outputDirectory,
                Instant outputTimestamp,
                boolean allowDirty,
                String toolVersion) {
            this(
                    baseDir,
                    groupId,
                    artifactId,
                    version,
                    versionFromGitTag,
                    outputDirectory,
                    outputTimestamp,
                    allowDirty,
                    toolVersion,
                    null,
                    false);
        }
    }

    /** Whether {@code version} is a Maven development version ({@code 1.2.0-SNAPSHOT}). */
    public static boolean isSnapshot(String version) {
        return version != null
                && version.strip().toUpperCase(java.util.Locale.ROOT).endsWith("-SNAPSHOT");
    }

    /**
     * What was built.
     *
     * @param archive the written {@code .tar.gz}
     * @param sha256 the archive's SHA-256, lower-case hex
     * @param version the release version written to {@code VERSION}
     * @param coordinates {@code groupId:artifactId:version} as recorded in the manifest, or {@code null}
     * @param commit the packaged commit's full id (HEAD, or the tag's)
     * @param outputTimestamp the timestamp used (given, or HEAD's commit time)
     * @param scripts the packaged script names, sorted
     * @param chain the manifest's final chained hash
     * @param replacedExisting whether an archive of the same name was replaced (sem prints
     *     {@code Removing old gzip file at <path>})
     * @param warnings things the caller should show: scripts ignored because of {@code allowDirty}, a project version
     *     that differs from the tag
     */
    public record Result(
            Path archive,
            String sha256,
            String version,
            String coordinates,
            String commit,
            Instant outputTimestamp,
            List<String> scripts,
            String chain,
            boolean replacedExisting,
            List<String> warnings) {

        public Result {
            scripts = List.copyOf(scripts);
            warnings = List.copyOf(warnings);
        }
    }

    private Packager() {}

    /**
     * Builds the distribution described by {@code request}.
     *
     * @throws SemException when {@code baseDir} is not in a git work tree or has no commit, {@code scripts/} is missing,
     *     the working tree differs from HEAD (without {@code allowDirty}), HEAD has no release tag (with
     *     {@code versionFromGitTag}), or the version or artifactId is invalid
     */
    public static Result build(Request request) {
        Path baseDir = request.baseDir().toAbsolutePath().normalize();
        if (!request.versionFromGitTag() && request.tag() == null) {
            VersionFile.validate(request.version());
        }
        try (GitRepo repo = openRepository(baseDir)) {
            if (!repo.hasHead()) {
                throw new SemException("The git repository " + repo.workTree()
                        + " has no commit yet; packaging takes the scripts committed at HEAD: commit scripts/ first");
            }
            Path scriptsDir = baseDir.resolve("scripts");
            if (!Files.isDirectory(scriptsDir, LinkOption.NOFOLLOW_LINKS)) {
                throw new SemException("Dir[" + scriptsDir + "] does not exist");
            }
            List<String> warnings = new ArrayList<>();
            RevCommit head;
            String version;
            String logStart;
            List<Script> scripts;
            if (request.tag() != null) {
                String tag = request.tag().strip();
                if (!new ReleaseTags(repo).exists(tag)) {
                    throw new SemException("Tag[" + tag + "] not found. Check git tag -l");
                }
                version = VersionFile.validate(tag);
                logStart = Constants.R_TAGS + tag;
                head = repo.commit(logStart);
                scripts = TrackedScripts.at(repo, logStart, baseDir);
            } else {
                head = repo.commit(HEAD);
                Versioning versioning = versioning(request, repo, head, warnings);
                version = versioning.version();
                logStart = versioning.logStart();
                VersionFile.validate(version);
                scripts = committedScripts(request, repo, head, baseDir, warnings);
            }
            boolean recordVersion = request.allowSnapshotVersion() || !isSnapshot(version);
            if (!recordVersion) {
                warnings.add("VERSION is left empty: " + version + " is a development version, so applying this"
                        + " archive records no version in the database. Package a release tag (sem.tag), or record"
                        + " the snapshot anyway with sem.allowSnapshotVersion=true");
            }

            Instant timestamp = request.outputTimestamp() != null
                    ? request.outputTimestamp()
                    : Instant.ofEpochSecond(head.getCommitTime());
            String changes =
                    Changes.render(timestamp, version, GitLog.lastCommits(repo, logStart, Changes.MAX_COMMITS));
            String coordinates = request.groupId() == null
                    ? null
                    : request.groupId() + ":" + request.artifactId() + ":"
                            + (request.version() != null ? request.version().strip() : version);

            DistributionWriter.Request write = new DistributionWriter.Request(
                    request.artifactId(),
                    version,
                    changes,
                    scripts,
                    coordinates,
                    request.toolVersion(),
                    timestamp,
                    recordVersion);
            Path target = request.outputDirectory().resolve(write.fileName());
            boolean replaced = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            Path archive = DistributionWriter.write(write, request.outputDirectory());
            Manifest manifest =
                    Manifest.of(coordinates, request.toolVersion(), recordVersion ? version : null, scripts);

            return new Result(
                    archive,
                    sha256(archive),
                    version,
                    coordinates,
                    head.getName(),
                    timestamp,
                    scripts.stream().map(Script::name).toList(),
                    manifest.chain(),
                    replaced,
                    warnings);
        }
    }

    /** The version to package and where its CHANGES start in the git log. */
    private record Versioning(String version, String logStart) {}

    private static Versioning versioning(Request request, GitRepo repo, RevCommit head, List<String> warnings) {
        if (!request.versionFromGitTag()) {
            return new Versioning(request.version().strip(), HEAD);
        }
        ReleaseTag tag = headTag(repo, head);
        String projectVersion = request.version();
        String numbers = tag.name().substring(tag.prefix().length());
        if (projectVersion != null && !projectVersion.equals(tag.name()) && !projectVersion.equals(numbers)) {
            warnings.add("The project version " + projectVersion + " differs from the release tag " + tag.name()
                    + " at HEAD: VERSION says " + tag.name() + ", the artifact's coordinates say " + projectVersion);
        }
        return new Versioning(tag.name(), Constants.R_TAGS + tag.name());
    }

    /** The scripts committed at HEAD; a working tree that differs fails, or with {@code allowDirty} warns. */
    private static List<Script> committedScripts(
            Request request, GitRepo repo, RevCommit head, Path baseDir, List<String> warnings) {
        Path scriptsDir = baseDir.resolve("scripts");
        List<String> differs = TrackedScripts.workingTreeDiffers(repo, HEAD, baseDir);
        List<Script> scripts = TrackedScripts.at(repo, HEAD, baseDir);
        if (!differs.isEmpty()) {
            String description = describeDifferences(scripts, differs);
            if (!request.allowDirty()) {
                throw new SemException(Message.text(scriptsDir + " differs from HEAD ("
                                + head.abbreviate(7).name() + "): " + description
                                + ". Only committed scripts are packaged: commit them (from " + baseDir
                                + ": git add scripts && git commit), or package HEAD anyway with ")
                        .then(Option.PACKAGE_ALLOW_DIRTY, "true"));
            }
            warnings.add("Packaging HEAD (" + head.abbreviate(7).name() + ") although " + scriptsDir
                    + " differs from it (sem.package.allowDirty=true): " + description
                    + "; these changes are not in the archive");
        }
        return scripts;
    }

    private static GitRepo openRepository(Path baseDir) {
        try {
            return GitRepo.open(baseDir);
        } catch (SemException e) {
            if (!e.isUserError()) {
                throw e;
            }
            throw new SemException(
                    "Packaging needs a git work tree (only committed scripts are packaged, and CHANGES comes from"
                            + " git log), but " + baseDir + " is not inside one: run git init and commit scripts/",
                    e);
        }
    }

    /** The highest release tag at HEAD, or an error naming the tags there are and how to tag. */
    private static ReleaseTag headTag(GitRepo repo, RevCommit head) {
        ReleaseTags tags = new ReleaseTags(repo);
        Optional<ReleaseTag> tag = tags.headTag();
        if (tag.isPresent()) {
            return tag.get();
        }
        String next = tags.next();
        Message problem = Message.text("HEAD (" + head.abbreviate(7).name() + ") has no release tag, but ")
                .then(Option.VERSION_FROM_GIT_TAG, "true")
                .then(" takes the version from it. ");
        StringBuilder message = new StringBuilder();
        List<String> otherTagsAtHead = nonReleaseTagsAt(repo, head);
        if (!otherTagsAtHead.isEmpty()) {
            message.append("Tags at HEAD that are not release tags (x.y.z, optionally prefixed like v1.2.3): ")
                    .append(String.join(", ", otherTagsAtHead))
                    .append(". ");
        }
        List<ReleaseTag> all = tags.all();
        if (all.isEmpty()) {
            message.append("The repository has no release tags. ");
        } else {
            ReleaseTag latest = all.get(all.size() - 1);
            message.append("Release tags found: ")
                    .append(all.stream().map(ReleaseTag::name).collect(Collectors.joining(", ")))
                    .append(" (latest ")
                    .append(latest.name())
                    .append(" on ")
                    .append(tags.commitOf(latest).abbreviate(7).name())
                    .append("). ");
        }
        message.append("Tag HEAD with: git tag -a -m ")
                .append(next)
                .append(' ')
                .append(next)
                .append(", or package the project version without ");
        throw new SemException(problem.then(message.toString()).then(Option.VERSION_FROM_GIT_TAG));
    }

    private static List<String> nonReleaseTagsAt(GitRepo repo, RevCommit head) {
        Set<String> names = new TreeSet<>();
        try (RevWalk walk = new RevWalk(repo.repository())) {
            for (Ref ref : repo.repository().getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
                String name = ref.getName().substring(Constants.R_TAGS.length());
                if (ref.getObjectId() == null || ReleaseTag.isReleaseTag(name)) {
                    continue;
                }
                RevObject target = walk.peel(walk.parseAny(ref.getObjectId()));
                if (target instanceof RevCommit commit && commit.getId().equals(head.getId())) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw SemException.environment("Cannot read the tags of " + repo.workTree() + ": " + e.getMessage(), e);
        }
        return List.copyOf(names);
    }

    private static String describeDifferences(List<Script> tracked, List<String> differs) {
        Set<String> trackedNames = tracked.stream().map(Script::name).collect(Collectors.toCollection(TreeSet::new));
        List<String> changed = new ArrayList<>();
        List<String> uncommitted = new ArrayList<>();
        for (String name : differs) {
            (trackedNames.contains(name) ? changed : uncommitted).add(name);
        }
        List<String> parts = new ArrayList<>();
        if (!changed.isEmpty()) {
            parts.add("modified or deleted since HEAD: " + String.join(", ", changed));
        }
        if (!uncommitted.isEmpty()) {
            parts.add("not committed (untracked or only staged): " + String.join(", ", uncommitted));
        }
        return String.join("; ", parts);
    }

    private static String sha256(Path archive) {
        try {
            return Sha256.hex(Files.readAllBytes(archive));
        } catch (IOException e) {
            throw SemException.environment("Cannot read " + archive + ": " + e.getMessage(), e);
        }
    }
}

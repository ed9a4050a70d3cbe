package dev.sem.packaging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

import dev.sem.git.CommitLine;

/**
 * The {@code CHANGES} file of a distribution, in sem's exact format:
 *
 * <pre>
 * Created: 2026-11-21 07:19:33 UTC
 * Git Tag: 0.0.2
 *
 * git log --pretty=format:"%h %ad | %s%d [%an]" --date=short -10:
 *   81a8ac3 2026-11-21 | Add scripts (HEAD -&gt; main, tag: 0.0.2) [Jane Doe]
 * </pre>
 *
 * followed by a newline. sem (Ruby) prints local time; we always print UTC.
 */
public final class Changes {

    /** The literal header line before the commits. */
    public static final String GIT_LOG_LINE = "git log --pretty=format:\"%h %ad | %s%d [%an]\" --date=short -10:";

    /** sem lists at most this many commits. */
    public static final int MAX_COMMITS = 10;

    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Changes() {}

    /**
     * Renders {@code CHANGES}.
     *
     * @param created the build time, printed in UTC with second precision
     * @param tag the release tag
     * @param commits newest first; only the first {@value #MAX_COMMITS} are printed
     */
    public static String render(Instant created, String tag, List<CommitLine> commits) {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(tag, "tag");
        StringBuilder out = new StringBuilder();
        out.append("Created: ").append(CREATED.format(created)).append('\n');
        out.append("Git Tag: ").append(tag).append('\n');
        out.append('\n');
        out.append(GIT_LOG_LINE).append('\n');
        commits.stream()
                .limit(MAX_COMMITS)
                .forEach(c -> out.append("  ").append(c.format()).append('\n'));
        return out.toString();
    }
}

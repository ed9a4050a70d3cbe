package dev.sem.git;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One line of {@code git log --pretty=format:"%h %ad | %s%d [%an]" --date=short}, as {@code CHANGES} shows it.
 *
 * @param shortHash the abbreviated commit hash ({@code %h})
 * @param date the author date in the author's time zone ({@code %ad} with {@code --date=short})
 * @param subject the subject ({@code %s})
 * @param decorations the decorations ({@code %d}): empty, or a string like {@code " (HEAD -> main, tag: 0.0.2)"}
 *     including its leading space
 * @param authorName the author name ({@code %an})
 */
public record CommitLine(String shortHash, LocalDate date, String subject, String decorations, String authorName) {

    public CommitLine {
        Objects.requireNonNull(shortHash, "shortHash");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(subject, "subject");
        decorations = decorations == null ? "" : decorations;
        Objects.requireNonNull(authorName, "authorName");
    }

    /** The line as git prints it, without indentation: {@code 81a8ac3 2026-11-21 | Add scripts (tag: 0.0.2) [Jane]}. */
    public String format() {
        return shortHash + " " + date + " | " + subject + decorations + " [" + authorName + "]";
    }
}

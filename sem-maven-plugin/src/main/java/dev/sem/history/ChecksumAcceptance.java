package dev.sem.history;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * An explicitly accepted edit of an applied script, a row of {@code sem_java_checksum_acceptances}.
 *
 * @param filename the script's file name
 * @param oldSha256 the stored raw checksum that no longer matches
 * @param newSha256 the raw checksum of the file as it is now
 * @param oldNormalizedSha256 the stored normalized checksum, or {@code null}
 * @param newNormalizedSha256 the file's normalized checksum now, or {@code null}
 * @param normalizationVersion the version of {@code newNormalizedSha256}; set exactly when it is
 * @param reason why the change is accepted; not blank
 * @param acceptedBy who accepted it; {@code null} records the database role ({@code current_user})
 * @param acceptedAt when; ignored when recording (the database sets it)
 */
public record ChecksumAcceptance(
        String filename,
        String oldSha256,
        String newSha256,
        String oldNormalizedSha256,
        String newNormalizedSha256,
        Integer normalizationVersion,
        String reason,
        String acceptedBy,
        OffsetDateTime acceptedAt) {

    public ChecksumAcceptance {
        Objects.requireNonNull(filename, "filename");
        History.checkSha256("oldSha256", oldSha256, false);
        History.checkSha256("newSha256", newSha256, false);
        History.checkSha256("oldNormalizedSha256", oldNormalizedSha256, true);
        History.checkSha256("newNormalizedSha256", newNormalizedSha256, true);
        if ((newNormalizedSha256 == null) != (normalizationVersion == null)) {
            throw new IllegalArgumentException("newNormalizedSha256 and normalizationVersion go together");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("An accepted checksum change needs a reason");
        }
    }
}

package dev.sem.history;

import java.util.List;

/**
 * What {@link Bootstrap#plan} found to do or what {@link Bootstrap#run} did.
 *
 * @param entries the entries that would run (plan) or that ran (run), in order
 * @param warnings one-line warnings, for example about bootstrap rows from a newer sem (Ruby)
 */
public record BootstrapResult(List<BootstrapEntry> entries, List<String> warnings) {

    public BootstrapResult {
        entries = List.copyOf(entries);
        warnings = List.copyOf(warnings);
    }

    /** {@code true} when no entry is pending (plan) or none ran (run). */
    public boolean upToDate() {
        return entries.isEmpty();
    }

    /** The names of {@link #entries()}, in order. */
    public List<String> entryNames() {
        return entries.stream().map(BootstrapEntry::name).toList();
    }
}

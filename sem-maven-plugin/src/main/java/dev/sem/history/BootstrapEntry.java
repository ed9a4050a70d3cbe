package dev.sem.history;

import java.util.Objects;

import dev.sem.script.ScriptName;

/**
 * One bootstrap entry: an internal upgrade script of the history schema, recorded by {@link #name()} in
 * {@code schema_evolution_manager.bootstrap_scripts} once it has run.
 *
 * @param name the file name recorded verbatim, for example {@code 20130318-105434.sql}
 * @param sql the SQL the entry runs (one or more statements, without any transaction control); a dry-run printer may
 *     emit it as it is
 * @param upstream {@code true} for the entries of sem (Ruby) itself, {@code false} for the Java-only ones
 * @param description one line saying what the entry creates
 */
public record BootstrapEntry(String name, String sql, boolean upstream, String description) {

    public BootstrapEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(description, "description");
        if (!ScriptName.isValid(name)) {
            throw new IllegalArgumentException("Bootstrap entry name does not match the script name pattern: " + name);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

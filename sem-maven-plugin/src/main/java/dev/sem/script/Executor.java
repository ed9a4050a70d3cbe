package dev.sem.script;

/** Who runs a migration script: sem's built-in executor, or the installed {@code psql} (see {@link ExecutorDirective}). */
public enum Executor {
    /** sem splits and runs the statements itself, with per-statement resume for {@code transaction = none}. */
    BUILT_IN,
    /** The script is handed to {@code psql} as it is, for psql-only meta-commands such as {@code \if} or {@code \gset}. */
    PSQL
}

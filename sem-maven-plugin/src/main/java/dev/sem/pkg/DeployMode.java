package dev.sem.pkg;

/** What a full deploy does when the package schema already exists (pgpm spec §7). */
public enum DeployMode {
    /** Never touches an existing schema: the deploy fails. */
    SAFE,
    /** Renames the existing schema to {@code <schema>_<N>} and creates it afresh. */
    MODERATE,
    /** Drops the existing schema with CASCADE and creates it afresh. */
    UNSAFE,
    /** Runs the scripts over the existing schema ({@code CREATE OR REPLACE} code); privileges are not reset. */
    OVERWRITE
}

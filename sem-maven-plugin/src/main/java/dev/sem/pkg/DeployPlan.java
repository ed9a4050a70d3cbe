package dev.sem.pkg;

import java.util.List;

/**
 * What a deploy will do (or, in a dry run, would do): the schema action, every file with whether it runs and why, the
 * grants, and the objects outside the schema that a {@code DROP SCHEMA … CASCADE} would remove.
 *
 * @param packageName the package
 * @param version the version as written
 * @param schema the package schema, or null for DATABASE scope
 * @param mode the deploy mode
 * @param singleFile whether this is a single-file ({@code -f}) deploy
 * @param schemaAction what happens to the schema
 * @param renamedTo for a moderate deploy over an existing schema: the revision name it is renamed to
 * @param dependencies the resolved dependencies, in declaration order then transitive ones
 * @param files every file of the deploy in execution order, with run or skip and the reason
 * @param grants the privilege and owner statements, in order
 * @param cascadeVictims objects outside the schema that the cascade drops (unsafe mode)
 */
public record DeployPlan(
        String packageName,
        String version,
        String schema,
        DeployMode mode,
        boolean singleFile,
        SchemaAction schemaAction,
        String renamedTo,
        List<ResolvedDependency> dependencies,
        List<PlannedFile> files,
        List<String> grants,
        List<String> cascadeVictims) {

    /** What a deploy does with the package schema. */
    public enum SchemaAction {
        /** The schema is absent: CREATE SCHEMA. */
        CREATE,
        /** The schema exists and stays: overwrite mode or a single-file deploy. */
        KEEP,
        /** Moderate: rename the existing schema to its revision name, then CREATE SCHEMA. */
        RENAME_AND_CREATE,
        /** Unsafe: DROP SCHEMA … CASCADE, then CREATE SCHEMA. */
        DROP_AND_CREATE,
        /** DATABASE scope: no schema. */
        NONE
    }

    /**
     * One file of the deploy.
     *
     * @param category its category
     * @param path its identity (relative path)
     * @param run whether it runs
     * @param reason why it is skipped (or, for a table script, why it runs: {@code new}, {@code rerun requested},
     *     {@code log only})
     */
    public record PlannedFile(Category category, String path, boolean run, String reason) {}

    /**
     * A dependency found in the registry.
     *
     * @param name the dependency's package name
     * @param requirement the requirement as declared
     * @param requiredBy the package that declares it
     * @param id the registry row
     * @param version the resolved version as written
     * @param schema the dependency's stored schema name, or null for DATABASE scope
     */
    public record ResolvedDependency(
            String name, String requirement, String requiredBy, long id, String version, String schema) {}

    /** The plan as lines, for the console. */
    public List<String> describe() {
        List<String> lines = new java.util.ArrayList<>();
        lines.add("Plan for " + packageName + " " + version + " (" + mode.name().toLowerCase(java.util.Locale.ROOT)
                + (singleFile ? ", single files" : "") + "):");
        lines.add("  schema: "
                + switch (schemaAction) {
                    case CREATE -> "CREATE SCHEMA " + Sql.ident(schema);
                    case KEEP -> "keep the existing schema " + Sql.ident(schema);
                    case RENAME_AND_CREATE ->
                        "rename " + Sql.ident(schema) + " to " + Sql.ident(renamedTo) + ", then CREATE SCHEMA "
                                + Sql.ident(schema);
                    case DROP_AND_CREATE ->
                        "DROP SCHEMA " + Sql.ident(schema) + " CASCADE, then CREATE SCHEMA " + Sql.ident(schema);
                    case NONE -> "none (DATABASE scope)";
                });
        for (ResolvedDependency d : dependencies) {
            lines.add("  dependency: " + d.name() + " " + d.requirement() + " -> " + d.version()
                    + (d.schema() == null ? "" : " (schema " + d.schema() + ")"));
        }
        for (PlannedFile f : files) {
            lines.add("  " + (f.run() ? "run " : "skip ") + f.category().name().toLowerCase(java.util.Locale.ROOT) + " "
                    + f.path() + (f.reason() == null ? "" : " (" + f.reason() + ")"));
        }
        for (String g : grants) {
            lines.add("  grant: " + g);
        }
        for (String v : cascadeVictims) {
            lines.add("  the cascade drops, outside the schema: " + v);
        }
        return lines;
    }
}

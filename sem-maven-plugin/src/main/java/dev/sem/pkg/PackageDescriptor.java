package dev.sem.pkg;

import java.util.List;
import java.util.Map;

/**
 * A validated package descriptor ({@code config.json}, pgpm spec §4).
 *
 * @param name the package name, matching {@code ^[a-z_][a-z0-9_]*$}
 * @param subclass versioned or basic
 * @param version the version as written and parsed
 * @param scope SCHEMA (default) or DATABASE
 * @param description stored in the registry, or null
 * @param license stored in the registry, or null
 * @param ownerRole the role that owns the schema and its objects after a full deploy, or null
 * @param usageRoles roles granted usage (§13), possibly empty
 * @param dependencies package name to requirement, in declaration order
 * @param paths the folders of each category, relative to the package root, in the order declared; a category without
 *     folders is absent
 * @param standardConformingStrings {@code "on"}, {@code "off"} or null when the descriptor does not state it (§6.2)
 */
public record PackageDescriptor(
        String name,
        Subclass subclass,
        PackageVersion version,
        Scope scope,
        String description,
        String license,
        String ownerRole,
        List<String> usageRoles,
        Map<String, Requirement> dependencies,
        Map<Category, List<String>> paths,
        String standardConformingStrings) {

    /** The schema of this package (SCHEMA scope), or null for DATABASE scope. */
    public String schemaName() {
        return scope == Scope.DATABASE ? null : SchemaNames.schemaName(name, subclass, version);
    }
}

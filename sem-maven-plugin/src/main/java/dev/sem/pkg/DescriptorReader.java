package dev.sem.pkg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and validates {@code config.json} (pgpm spec §4, §5) with Jackson's tree model. Every error is a {@link
 * PackageException} of one line that starts with {@code config.json:}, names the key and says how to fix it; warnings
 * (legacy and unknown keys) are complete lines too.
 */
final class DescriptorReader {

    /** The file name of a package descriptor. */
    static final String FILE = "config.json";

    /**
     * The highest revision number {@code N} whose name {@code <schema>_<N>} is checked before connecting: a schema must
     * leave room for {@code _99}, so up to 100 moderate deploys of one version fit in 63 bytes.
     */
    static final int CHECKED_REVISIONS = 99;

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Set<String> KNOWN = Set.of(
            "name",
            "subclass",
            "version",
            "description",
            "license",
            "owner_role",
            "usage_roles",
            "dependencies",
            "scope",
            "types_path",
            "functions_path",
            "views_path",
            "triggers_path",
            "tables_path",
            "standard_conforming_strings",
            "class",
            "users",
            "user_roles");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The descriptor and the warnings to show. */
    record Result(PackageDescriptor descriptor, List<String> warnings) {}

    private final List<String> warnings = new ArrayList<>();

    private DescriptorReader() {}

    /**
     * @param text the content of {@code config.json}, already decoded as strict UTF-8
     * @throws PackageException for invalid JSON or any invalid key
     */
    static Result read(String text) {
        DescriptorReader reader = new DescriptorReader();
        return new Result(reader.descriptor(parse(text)), List.copyOf(reader.warnings));
    }

    private static JsonNode parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            String why = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ");
            throw new PackageException(FILE + ": invalid JSON" + where + " (" + why + "); fix the syntax");
        }
        if (root == null || !root.isObject()) {
            throw new PackageException(FILE + ": the descriptor must be one JSON object such as"
                    + " {\"name\": \"my_package\", \"subclass\": \"versioned\", \"version\": \"1_0_0\"}");
        }
        return root;
    }

    private PackageDescriptor descriptor(JsonNode root) {
        for (String key : root.propertyNames()) {
            if (!KNOWN.contains(key)) {
                warnings.add(FILE + ": unknown key '" + key + "' is ignored; check its spelling or remove it");
            }
        }
        for (String legacy : List.of("class", "users")) {
            if (present(root, legacy)) {
                warnings.add(FILE + ": legacy key '" + legacy + "' is ignored, as pgpm ignores it;" + " remove it");
            }
        }
        String name = name(root);
        Subclass subclass = subclass(root);
        PackageVersion version = version(root);
        Scope scope = scope(root);
        Map<String, Requirement> dependencies = dependencies(root);
        if (dependencies.containsKey(name)) {
            throw new PackageException(
                    FILE + ": key 'dependencies." + name + "' makes the package depend on itself;" + " remove it");
        }
        PackageDescriptor descriptor = new PackageDescriptor(
                name,
                subclass,
                version,
                scope,
                optionalString(root, "description"),
                optionalString(root, "license"),
                ownerRole(root),
                usageRoles(root),
                dependencies,
                paths(root),
                standardConformingStrings(root));
        if (scope == Scope.SCHEMA) {
            checkIdentifiers(name, subclass, version);
        }
        return descriptor;
    }

    private static String name(JsonNode root) {
        String name = requiredString(root, "name", "my_package");
        if (!NAME.matcher(name).matches()) {
            String hint = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            if (hint.isEmpty()) {
                hint = "my_package";
            } else if (Character.isDigit(hint.charAt(0))) {
                hint = "_" + hint;
            }
            throw new PackageException(FILE + ": key 'name' is '" + name + "', but a package name must match"
                    + " ^[a-z_][a-z0-9_]*$ (lower-case letters, digits and _, not starting with a digit);"
                    + " write for example \"" + hint + "\"");
        }
        return name;
    }

    private static Subclass subclass(JsonNode root) {
        String text = requiredString(root, "subclass", "versioned");
        Subclass subclass = Subclass.parse(text);
        if (subclass == null) {
            throw new PackageException(FILE + ": key 'subclass' is '" + text + "'; write \"versioned\" (the schema"
                    + " name carries the version) or \"basic\" (the schema name is the package name)");
        }
        return subclass;
    }

    private static PackageVersion version(JsonNode root) {
        String text = requiredString(root, "version", "1_0_0");
        try {
            return PackageVersion.parse(text);
        } catch (PackageException e) {
            throw new PackageException(FILE + ": key 'version': " + e.getMessage());
        }
    }

    private static Scope scope(JsonNode root) {
        String text = optionalString(root, "scope");
        if (text == null) {
            return Scope.SCHEMA;
        }
        Scope scope = Scope.parse(text);
        if (scope == null) {
            throw new PackageException(FILE + ": key 'scope' is '" + text + "'; write \"SCHEMA\" (the default: the"
                    + " package owns a schema) or \"DATABASE\"");
        }
        return scope;
    }

    private static String ownerRole(JsonNode root) {
        String role = optionalString(root, "owner_role");
        if (role != null && role.isEmpty()) {
            throw new PackageException(FILE + ": key 'owner_role' is empty; name a role or remove the key");
        }
        return role;
    }

    private List<String> usageRoles(JsonNode root) {
        boolean current = present(root, "usage_roles");
        boolean legacy = present(root, "user_roles");
        if (current && legacy) {
            throw new PackageException(FILE + ": both 'usage_roles' and its legacy name 'user_roles' are given;"
                    + " keep only 'usage_roles'");
        }
        if (!current && !legacy) {
            return List.of();
        }
        String key = current ? "usage_roles" : "user_roles";
        if (legacy) {
            warnings.add(FILE + ": legacy key 'user_roles' is read as 'usage_roles'; rename it to 'usage_roles'");
        }
        JsonNode node = root.get(key);
        if (!node.isArray()) {
            throw typeError(key, "an array of role names", node, "[\"app_reader\", \"Ops Team\"]");
        }
        List<String> roles = new ArrayList<>();
        for (JsonNode role : node.values()) {
            if (!role.isString() || role.stringValue().isEmpty()) {
                throw new PackageException(FILE + ": key '" + key + "' holds " + describe(role)
                        + "; every element must be a non-empty role name, such as [\"app_reader\", \"Ops Team\"]");
            }
            if (!roles.contains(role.stringValue())) {
                roles.add(role.stringValue());
            }
        }
        return List.copyOf(roles);
    }

    private static Map<String, Requirement> dependencies(JsonNode root) {
        if (!present(root, "dependencies")) {
            return Map.of();
        }
        JsonNode node = root.get("dependencies");
        if (!node.isObject()) {
            throw typeError("dependencies", "an object", node, "{\"other_package\": \">=1_2_0\"}");
        }
        Map<String, Requirement> dependencies = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = "dependencies." + e.getKey();
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new PackageException(FILE + ": key '" + key + "' names no valid package; package names match"
                        + " ^[a-z_][a-z0-9_]*$");
            }
            if (!e.getValue().isString()) {
                throw typeError(key, "a string", e.getValue(), "\">=1_2_0\"");
            }
            try {
                dependencies.put(e.getKey(), Requirement.parse(e.getValue().stringValue()));
            } catch (PackageException ex) {
                throw new PackageException(FILE + ": key '" + key + "': " + ex.getMessage());
            }
        }
        return Collections.unmodifiableMap(dependencies);
    }

    private static Map<Category, List<String>> paths(JsonNode root) {
        Map<Category, List<String>> paths = new EnumMap<>(Category.class);
        for (Category category : Category.values()) {
            String key = category.key();
            if (!present(root, key)) {
                continue;
            }
            JsonNode node = root.get(key);
            List<String> folders = new ArrayList<>();
            if (node.isString()) {
                folders.add(node.stringValue());
            } else if (node.isArray()) {
                for (JsonNode folder : node.values()) {
                    if (!folder.isString()) {
                        throw new PackageException(FILE + ": key '" + key + "' holds " + describe(folder)
                                + "; every element must be a folder path, such as [\"" + defaultFolder(category)
                                + "\"]");
                    }
                    folders.add(folder.stringValue());
                }
            } else {
                throw typeError(
                        key, "a folder path or an array of folder paths", node, "\"" + defaultFolder(category) + "\"");
            }
            if (!folders.isEmpty()) {
                paths.put(category, List.copyOf(folders));
            }
        }
        return Collections.unmodifiableMap(paths);
    }

    private static String defaultFolder(Category category) {
        return category.key().substring(0, category.key().length() - "_path".length());
    }

    private static String standardConformingStrings(JsonNode root) {
        String value = optionalString(root, "standard_conforming_strings");
        if (value != null && !value.equals("on") && !value.equals("off")) {
            throw new PackageException(FILE + ": key 'standard_conforming_strings' is '" + value + "'; write \"on\""
                    + " (backslashes in '...' literals are ordinary characters) or \"off\" (they are escapes, as"
                    + " pgpm forced)");
        }
        return value;
    }

    private static void checkIdentifiers(String name, Subclass subclass, PackageVersion version) {
        try {
            String schema = SchemaNames.schemaName(name, subclass, version);
            SchemaNames.revisionName(schema, CHECKED_REVISIONS);
        } catch (PackageException e) {
            throw new PackageException(FILE + ": keys 'name' and 'version': " + e.getMessage()
                    + (e.getMessage().contains("revision")
                            ? " (a moderate deploy renames the schema to <schema>_<N>," + " checked up to N = "
                                    + CHECKED_REVISIONS + ")"
                            : ""));
        }
    }

    private static boolean present(JsonNode root, String key) {
        JsonNode node = root.get(key);
        return node != null && !node.isNull();
    }

    private static String requiredString(JsonNode root, String key, String example) {
        if (!present(root, key)) {
            throw new PackageException(
                    FILE + ": required key '" + key + "' is missing; add \"" + key + "\": \"" + example + "\"");
        }
        JsonNode node = root.get(key);
        if (!node.isString()) {
            throw typeError(key, "a string", node, "\"" + example + "\"");
        }
        return node.stringValue();
    }

    private static String optionalString(JsonNode root, String key) {
        if (!present(root, key)) {
            return null;
        }
        JsonNode node = root.get(key);
        if (!node.isString()) {
            throw typeError(key, "a string", node, "\"...\"");
        }
        return node.stringValue();
    }

    private static PackageException typeError(String key, String expected, JsonNode found, String example) {
        return new PackageException(FILE + ": key '" + key + "' must be " + expected + ", but it is "
                + describe(found) + "; write for example \"" + key.substring(key.lastIndexOf('.') + 1) + "\": "
                + example);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BOOLEAN -> "a boolean (" + node + ")";
            case NUMBER -> "a number (" + node + ")";
            case NULL -> "null";
            case STRING -> "a string (" + node + ")";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}

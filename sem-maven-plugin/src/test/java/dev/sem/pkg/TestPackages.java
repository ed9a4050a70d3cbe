package dev.sem.pkg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sem.EngineLog;
import dev.sem.db.ConnectionSettings;
import dev.sem.script.Sha256;
import dev.sem.testing.TestDatabase;

/** Builds packages in memory for deployer tests, and small helpers to query the result. */
final class TestPackages {

    private String name;
    private Subclass subclass = Subclass.VERSIONED;
    private String version;
    private Scope scope = Scope.SCHEMA;
    private String owner;
    private List<String> usage = List.of();
    private final Map<String, Requirement> deps = new LinkedHashMap<>();
    private final List<PackageFile> files = new ArrayList<>();
    private String scs;
    private Path root;

    static TestPackages pkg(String name, String version) {
        TestPackages p = new TestPackages();
        p.name = name;
        p.version = version;
        return p;
    }

    TestPackages basic() {
        subclass = Subclass.BASIC;
        return this;
    }

    TestPackages database() {
        scope = Scope.DATABASE;
        return this;
    }

    TestPackages owner(String role) {
        owner = role;
        return this;
    }

    TestPackages usage(String... roles) {
        usage = List.of(roles);
        return this;
    }

    TestPackages dep(String pkgName, String requirement) {
        deps.put(pkgName, Requirement.parse(requirement));
        return this;
    }

    TestPackages scs(String value) {
        scs = value;
        return this;
    }

    TestPackages root(Path dir) {
        root = dir;
        return this;
    }

    TestPackages file(Category c, String path, String text) {
        // Read as PackageLoader reads a file; a declared setting, as TestPackages never checked backslash literals.
        files.add(PackageFile.read(c, path, text.getBytes(StandardCharsets.UTF_8), "on"));
        return this;
    }

    TestPackages types(String path, String text) {
        return file(Category.TYPES, path, text);
    }

    TestPackages tables(String path, String text) {
        return file(Category.TABLES, path, text);
    }

    TestPackages functions(String path, String text) {
        return file(Category.FUNCTIONS, path, text);
    }

    TestPackages views(String path, String text) {
        return file(Category.VIEWS, path, text);
    }

    TestPackages triggers(String path, String text) {
        return file(Category.TRIGGERS, path, text);
    }

    LoadedPackage build() {
        Map<Category, List<String>> paths = new EnumMap<>(Category.class);
        List<PackageFile> ordered = new ArrayList<>();
        for (Category c : Category.values()) {
            List<PackageFile> of = files.stream()
                    .filter(f -> f.category() == c)
                    .sorted(
                            c == Category.TABLES
                                    ? Comparator.comparing(PackageFile::path, NaturalOrder.PATHS)
                                    : (a, b) -> 0)
                    .toList();
            if (!of.isEmpty()) {
                paths.put(
                        c,
                        List.of(of.get(0).path().substring(0, of.get(0).path().indexOf('/'))));
            }
            ordered.addAll(of);
        }
        PackageDescriptor d = new PackageDescriptor(
                name,
                subclass,
                PackageVersion.parse(version),
                scope,
                "test package",
                "MIT",
                owner,
                usage,
                deps,
                paths,
                scs);
        return new LoadedPackage(root == null ? Path.of("/nonexistent-package-root") : root, d, ordered, List.of());
    }

    static String sha256(String text) {
        return Sha256.hex(text.getBytes(StandardCharsets.UTF_8));
    }

    static ConnectionSettings settings(TestDatabase db) {
        return ConnectionSettings.builder(db.jdbcUrl())
                .password(db.password(), "the test")
                .defaultUser(db.user())
                .env(Map.of())
                .userHome(null)
                .build();
    }

    static DeployResult deploy(TestDatabase db, LoadedPackage p, DeployOptions o) {
        return new PackageDeployer(settings(db), EngineLog.silent()).deploy(p, o);
    }

    static DeployResult deploy(TestDatabase db, LoadedPackage p) {
        return deploy(db, p, DeployOptions.defaults());
    }

    /** The first column of every row, as strings. */
    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static String one(Connection c, String sql) throws SQLException {
        List<String> rows = column(c, sql);
        return rows.isEmpty() ? null : rows.get(0);
    }

    static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

package dev.sem.pkg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The halves of pgpm's verified defects (spec §17) that the package model decides before any connection; the deploy
 * tests add the database halves.
 *
 * <p>Defects pinned down here: 6 (unchecked version strings), 7 (uppercase names), 8 (63-byte identifier limits),
 * 14 (late requirement syntax errors), 25 (unmatched {@code -f} paths), 26 (substring matching of categories),
 * 28 (type cycles), 29 (false type dependencies), 30 (non-type statements and qualified names in the types folder),
 * 31 (the same identity for {@code -f} and full deploys), 32 (base-name collisions), 33 (string ordering of table
 * scripts), 35 (filesystem order of subdirectories), 48 (invalid UTF-8 dropped), 49 (forced escape semantics).
 */
class PgpmModelDefectsTest {

    @TempDir
    Path dir;

    private PackageTree tree() {
        return new PackageTree(dir);
    }

    private String error(PackageTree tree) {
        return assertThrows(PackageException.class, tree::load).getMessage();
    }

    private static String descriptor(String name, String version) {
        return "{\"name\": \"" + name + "\", \"subclass\": \"versioned\", \"version\": \"" + version + "\"}";
    }

    private static List<String> paths(List<PackageFile> files) {
        return files.stream().map(PackageFile::path).toList();
    }

    /** Defect 6. */
    @Test
    void versionTailsAreRecordedAndMalformedVersionsRejected() {
        PackageVersion v = tree().rawConfig(descriptor("shop", "1_2_3_rc1"))
                .load()
                .descriptor()
                .version();
        assertEquals("rc1", v.pre());
        assertEquals("shop_1_2_3_rc1", tree().load().descriptor().schemaName());
        assertEquals(
                "config.json: key 'version': Invalid version '1_2_3-beta': write MAJOR_MINOR_PATCH with an optional"
                        + " tail that starts with a lower-case letter, such as 01_09_00 or 1_2_0_rc1 (1.2.0 is accepted"
                        + " too)",
                error(tree().rawConfig(descriptor("shop", "1_2_3-beta"))));
        assertEquals(
                "1_2_3",
                tree().rawConfig(descriptor("shop", "1.2.3"))
                        .load()
                        .descriptor()
                        .version()
                        .text());
    }

    /** Defect 7. */
    @Test
    void uppercasePackageNamesAreRejectedBeforeConnecting() {
        assertEquals(
                "config.json: key 'name' is 'MyPkg', but a package name must match ^[a-z_][a-z0-9_]*$ (lower-case"
                        + " letters, digits and _, not starting with a digit); write for example \"mypkg\"",
                error(tree().rawConfig(descriptor("MyPkg", "1_0_0"))));
    }

    /** Defect 8: nothing is truncated; the notification channel is the deployer's fixed name, so no 44-byte cap. */
    @Test
    void schemaNamesLongerThan63BytesAreRefusedAndA45CharacterNameIsFine() {
        String name60 = "n".repeat(60);
        assertEquals(
                "config.json: keys 'name' and 'version': The schema name '" + name60 + "_1_0_0' is 66 bytes long;"
                        + " PostgreSQL identifiers are limited to 63 bytes and would be truncated: shorten the package"
                        + " name or version",
                error(tree().rawConfig(descriptor(name60, "1_0_0"))));
        String name45 = "n".repeat(45);
        assertEquals(
                name45 + "_1_0_0",
                tree().rawConfig(descriptor(name45, "1_0_0"))
                        .load()
                        .descriptor()
                        .schemaName());
    }

    /** Defect 14. */
    @Test
    void requirementSyntaxErrorsAreReportedAtValidation() {
        assertEquals(
                "config.json: key 'dependencies.base': Invalid version requirement '>>1': write"
                        + " [op]MAJOR[_MINOR[_PATCH]] with op one of = < > <= >= and x for any part, such as >=1_2_0,"
                        + " 1_x or =01_09_00",
                error(tree().config("\"dependencies\": {\"util\": \"1_x\", \"base\": \">>1\"}")));
        assertThrows(
                PackageException.class,
                () -> tree().config("\"dependencies\": {\"u\": \"1_2_3 extra\"}")
                        .load());
    }

    /** Defect 25. */
    @Test
    void aBareFileNameIsAnErrorThatSuggestsTheRelativePath() {
        LoadedPackage pkg = tree().config("\"tables_path\": \"t\"")
                .file("t/002.sql", "select 1;")
                .load();
        PackageException e = assertThrows(PackageException.class, () -> pkg.select(List.of("002.sql")));
        assertEquals(
                "Cannot deploy the requested files, nothing was deployed: '002.sql' (no such file; did you mean"
                        + " 't/002.sql'?); name files by their path relative to the package root " + pkg.root(),
                e.getMessage());
    }

    /** Defect 26. */
    @Test
    void aFolderIsACategoryByPathPrefixNotBySubstring() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .file("functions/f.sql", "select 1;")
                .file("functions_old/x.sql", "select 2;")
                .load();
        assertEquals(List.of("functions/f.sql"), paths(pkg.files()));
        PackageException e = assertThrows(PackageException.class, () -> pkg.select(List.of("functions_old/x.sql")));
        assertTrue(
                e.getMessage().contains("'functions_old/x.sql' (not in a folder of functions_path 'functions')"),
                e.getMessage());
    }

    /** Defect 28: the loader fails on the cycle, so nothing can be executed. */
    @Test
    void aTypeCycleIsAnErrorListingItsMembersBeforeAnythingRuns() {
        assertEquals(
                "Type dependency cycle: ta -> tb -> ta (types/a.sql:1, types/b.sql:1); a type cannot contain itself:"
                        + " remove one of the references, or fix a '-- requires:' comment",
                error(tree().config("\"types_path\": \"types\"")
                        .file("types/a.sql", "CREATE TYPE ta AS (b tb);")
                        .file("types/b.sql", "CREATE TYPE tb AS (a ta);")));
    }

    /** Defect 29. */
    @Test
    void attributeNamesEqualToOtherTypesAreNoDependencies() {
        LoadedPackage pkg = tree().config("\"types_path\": \"types\"")
                .file("types/a.sql", "CREATE TYPE a AS (b int);")
                .file("types/b.sql", "CREATE TYPE b AS (a text);")
                .load();
        assertEquals(
                List.of("CREATE TYPE a AS (b int)", "CREATE TYPE b AS (a text)"),
                TypeOrder.order(pkg).creates().stream().map(s -> s.sql()).toList());
    }

    /** Defect 30. */
    @Test
    void aFunctionInTheTypesFolderRunsLastWithAWarningAndQualifiedNamesAreNotPatterns() {
        LoadedPackage pkg = tree().config("\"types_path\": \"types\"")
                .file("types/f.sql", "create function sxt_len(x sxt) returns int language sql as $$ select 1 $$;")
                .file("types/u.sql", "create type u as (a sxt);\ncreate type sxt as (a int);")
                .file("types/t.sql", "create type s.t as (a int);")
                .load();
        TypeOrder.Result r = TypeOrder.order(pkg);
        assertEquals(
                List.of("create type s.t as (a int)", "create type sxt as (a int)", "create type u as (a sxt)"),
                r.creates().stream().map(s -> s.sql()).toList(),
                "u depends on sxt, not on s.t; ties keep file order");
        assertEquals(
                List.of("types/f.sql"), r.others().stream().map(s -> s.file()).toList());
        String warning = "types/f.sql:1: CREATE FUNCTION in a types folder creates no type; it runs after the types"
                + " (move it to the folder of its kind, such as functions_path)";
        assertEquals(List.of(warning), r.warnings());
        assertEquals(List.of(warning), pkg.warnings());
    }

    /** Defect 31: a single-file deploy identifies a table script exactly as a full deploy does. */
    @Test
    void aSingleFileHasTheIdentityOfAFullDeploy() {
        LoadedPackage pkg = tree().config("\"tables_path\": \"t\"")
                .file("t/002.sql", "select 1;")
                .load();
        assertEquals(pkg.files(), pkg.select(List.of("t/002.sql")));
        assertEquals(pkg.files(), pkg.select(List.of("./t/../t/002.sql")));
    }

    /** Defect 32. */
    @Test
    void filesWithTheSameNameInDifferentFoldersAreBothCollected() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"f\", \"tables_path\": \"t\"")
                .file("f/orders/create.sql", "select 1;")
                .file("f/users/create.sql", "select 2;")
                .file("t/a/001.sql", "select 3;")
                .file("t/b/001.sql", "select 4;")
                .load();
        assertEquals(
                List.of("t/a/001.sql", "t/b/001.sql", "f/orders/create.sql", "f/users/create.sql"), paths(pkg.files()));
    }

    /** Defect 33. */
    @Test
    void tableScriptsRunInNaturalOrder() {
        LoadedPackage pkg = tree().config("\"tables_path\": \"tables\"")
                .file("tables/10.sql", "select 10;")
                .file("tables/9.sql", "select 9;")
                .file("tables/100_add.sql", "select 100;")
                .file("tables/v2/1.sql", "select 1;")
                .file("tables/v10/1.sql", "select 1;")
                .file("tables/init.sql", "select 0;")
                .load();
        assertEquals(
                List.of(
                        "tables/9.sql",
                        "tables/10.sql",
                        "tables/100_add.sql",
                        "tables/init.sql",
                        "tables/v2/1.sql",
                        "tables/v10/1.sql"),
                paths(pkg.files()));
    }

    /** Defect 35. */
    @Test
    void subdirectoriesAreVisitedInSortedOrder() {
        PackageTree tree = tree().config("\"functions_path\": \"functions\"");
        for (String d : List.of("m", "c", "x", "a", "q")) {
            tree.file("functions/" + d + "/f.sql", "select 1;");
        }
        tree.file("functions/b.sql", "select 1;");
        assertEquals(
                List.of(
                        "functions/a/f.sql",
                        "functions/b.sql",
                        "functions/c/f.sql",
                        "functions/m/f.sql",
                        "functions/q/f.sql",
                        "functions/x/f.sql"),
                paths(tree.load().files()));
    }

    /** Defect 48. */
    @Test
    void invalidUtf8IsAnErrorNamingFileAndByteOffset() {
        byte[] sql = "select 1;\nselect 'caf\u00e9';".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(
                "functions/f.sql: invalid UTF-8 byte 0xE9 at byte offset 21 (line 2); save the file as UTF-8",
                error(tree().config("\"functions_path\": \"functions\"").bytes("functions/f.sql", sql)));
    }

    /** Defect 49: {@code 'a\nb'} with and without the descriptor key. */
    @Test
    void aBackslashLiteralNeedsStandardConformingStringsDeclared() {
        PackageTree tree = tree().config("\"functions_path\": \"functions\"")
                .file("functions/f.sql", "create function f() returns text language sql\nas 'select ''a\\nb''';");
        assertEquals(
                "functions/f.sql:2: the string literal 'select ''a\\nb''' contains a backslash, whose meaning depends"
                        + " on standard_conforming_strings; add \"standard_conforming_strings\": \"on\" to config.json"
                        + " (backslash is an ordinary character), or \"off\" for a legacy pgpm package (backslash"
                        + " escapes, as pgpm forced), or write E'...'",
                error(tree));
        tree.config("\"functions_path\": \"functions\", \"standard_conforming_strings\": \"off\"");
        assertEquals("off", tree.load().descriptor().standardConformingStrings());
    }

    /**
     * Defect 49, legacy side: under a declared {@code off}, a backslash-escaped quote would move statement boundaries,
     * so it is refused with the way to write it; other backslashes load.
     */
    @Test
    void aBackslashEscapedQuoteIsRefusedWhenStandardConformingStringsIsOff() {
        PackageTree tree = tree().config("\"functions_path\": \"functions\", \"standard_conforming_strings\": \"off\"")
                .file("functions/f.sql", "select 1;\nselect 'it\\'s; drop table t; --';");
        assertEquals(
                "functions/f.sql:2: the string literal 'it\\' escapes a quote with a backslash, which sem's statement"
                        + " splitter does not follow; write the quote twice ('it''s') or use E'...'",
                error(tree));
        tree.file("functions/f.sql", "select 'a\\nb', 'c\\\\', E'it\\'s';");
        assertEquals(1, tree.load().files().get(0).statements().size());
    }
}

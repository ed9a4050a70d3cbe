package dev.sem.pkg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.sem.packaging.UnsafeArchiveException;
import dev.sem.script.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation and file collection of {@link PackageLoader}, on package trees in a temporary directory. */
class PackageLoaderTest {

    @TempDir
    Path dir;

    private PackageTree tree() {
        return new PackageTree(dir);
    }

    private String error(PackageTree tree) {
        return assertThrows(PackageException.class, tree::load).getMessage();
    }

    private String configError(String extra) {
        return error(tree().config(extra));
    }

    private static List<String> paths(LoadedPackage pkg) {
        return pkg.files().stream().map(PackageFile::path).toList();
    }

    // --- descriptor

    @Test
    void readsAMinimalDescriptorWithItsDefaults() {
        LoadedPackage pkg = tree().config("\"description\": \"Shop API\"").load();
        PackageDescriptor d = pkg.descriptor();
        assertEquals("shop", d.name());
        assertEquals(Subclass.VERSIONED, d.subclass());
        assertEquals("1_0_0", d.version().text());
        assertEquals(Scope.SCHEMA, d.scope());
        assertEquals("Shop API", d.description());
        assertEquals("shop_1_0_0", d.schemaName());
        assertEquals(List.of(), d.usageRoles());
        assertNull(d.standardConformingStrings());
        assertEquals(List.of(), pkg.files());
        assertEquals(List.of(), pkg.warnings());
        assertEquals(dir.toAbsolutePath().normalize(), pkg.root());
    }

    @Test
    void aMissingRequiredKeyIsNamedWithTheFix() {
        String message = error(tree().rawConfig("{\"subclass\": \"basic\", \"version\": \"1_0_0\"}"));
        assertEquals("config.json: required key 'name' is missing; add \"name\": \"my_package\"", message);
    }

    @Test
    void aJsonTypeErrorNamesTheKey() {
        String message = error(tree().rawConfig("{\"name\": 5, \"subclass\": \"basic\", \"version\": \"1_0_0\"}"));
        assertEquals(
                "config.json: key 'name' must be a string, but it is a number (5); write for example \"name\":"
                        + " \"my_package\"",
                message);
    }

    @Test
    void invalidJsonNamesLineAndColumn() {
        String message = error(tree().rawConfig("{\n  \"name\": \"shop\",\n}"));
        assertTrue(message.startsWith("config.json: invalid JSON at line 3, column 1 ("), message);
        assertTrue(message.endsWith("); fix the syntax"), message);
    }

    @Test
    void aDuplicatedKeyIsInvalidJson() {
        String message = error(tree().rawConfig("{" + PackageTree.BASE + ", \"name\": \"other\"}"));
        assertTrue(message.startsWith("config.json: invalid JSON at line 1, column "), message);
        assertTrue(message.contains("\"name\""), message);
    }

    @Test
    void theDescriptorMustBeAnObject() {
        assertEquals(
                "config.json: the descriptor must be one JSON object such as {\"name\": \"my_package\","
                        + " \"subclass\": \"versioned\", \"version\": \"1_0_0\"}",
                error(tree().rawConfig("[1, 2]")));
    }

    @Test
    void aMissingConfigJsonIsAnError() {
        assertEquals(
                "No config.json in " + dir.toAbsolutePath().normalize() + "; a package root holds its descriptor"
                        + " config.json (name the right directory)",
                error(tree()));
    }

    @Test
    void theSubclassIsAnEnum() {
        String message =
                error(tree().rawConfig("{\"name\": \"shop\", \"subclass\": \"library\", \"version\": \"1_0_0\"}"));
        assertEquals(
                "config.json: key 'subclass' is 'library'; write \"versioned\" (the schema name carries the version)"
                        + " or \"basic\" (the schema name is the package name)",
                message);
    }

    @Test
    void theScopeIsCaseInsensitiveAndChecked() {
        assertEquals(
                Scope.DATABASE,
                tree().config("\"scope\": \"database\"").load().descriptor().scope());
        assertNull(tree().config("\"scope\": \"Database\"").load().descriptor().schemaName());
        assertEquals(
                "config.json: key 'scope' is 'cluster'; write \"SCHEMA\" (the default: the package owns a schema) or"
                        + " \"DATABASE\"",
                configError("\"scope\": \"cluster\""));
    }

    @Test
    void dependenciesKeepTheirDeclarationOrder() {
        PackageDescriptor d = tree().config(
                        "\"dependencies\": {\"zeta\": \">=1_2\", \"alpha\": \"1_x\", \"mid\": \"\"}")
                .load()
                .descriptor();
        assertEquals(
                List.of("zeta", "alpha", "mid"), List.copyOf(d.dependencies().keySet()));
        assertEquals(">=1_2", d.dependencies().get("zeta").text());
    }

    @Test
    void dependenciesMustBeAnObjectOfStrings() {
        assertEquals(
                "config.json: key 'dependencies' must be an object, but it is an array; write for example"
                        + " \"dependencies\": {\"other_package\": \">=1_2_0\"}",
                configError("\"dependencies\": [\"other\"]"));
        assertEquals(
                "config.json: key 'dependencies.other' must be a string, but it is a number (1); write for example"
                        + " \"other\": \">=1_2_0\"",
                configError("\"dependencies\": {\"other\": 1}"));
        assertEquals(
                "config.json: key 'dependencies.Other' names no valid package; package names match"
                        + " ^[a-z_][a-z0-9_]*$",
                configError("\"dependencies\": {\"Other\": \"1\"}"));
    }

    @Test
    void aPackageCannotDependOnItself() {
        assertEquals(
                "config.json: key 'dependencies.shop' makes the package depend on itself; remove it",
                configError("\"dependencies\": {\"shop\": \"1\"}"));
    }

    @Test
    void ownerRoleIsAString() {
        assertEquals(
                "Shop Owner",
                tree().config("\"owner_role\": \"Shop Owner\"")
                        .load()
                        .descriptor()
                        .ownerRole());
        assertEquals(
                "config.json: key 'owner_role' must be a string, but it is an array; write for example"
                        + " \"owner_role\": \"...\"",
                configError("\"owner_role\": [\"a\"]"));
        assertEquals(
                "config.json: key 'owner_role' is empty; name a role or remove the key",
                configError("\"owner_role\": \"\""));
    }

    @Test
    void usageRolesAreNonEmptyStringsAndMayContainSpaces() {
        assertEquals(
                List.of("app", "Ops Team"),
                tree().config("\"usage_roles\": [\"app\", \"Ops Team\"]")
                        .load()
                        .descriptor()
                        .usageRoles());
        assertEquals(
                "config.json: key 'usage_roles' holds a string (\"\"); every element must be a non-empty role name,"
                        + " such as [\"app_reader\", \"Ops Team\"]",
                configError("\"usage_roles\": [\"app\", \"\"]"));
        assertEquals(
                "config.json: key 'usage_roles' must be an array of role names, but it is a string (\"app\"); write"
                        + " for example \"usage_roles\": [\"app_reader\", \"Ops Team\"]",
                configError("\"usage_roles\": \"app\""));
    }

    @Test
    void legacyUserRolesAreMappedWithAWarning() {
        LoadedPackage pkg = tree().config("\"user_roles\": [\"app\"]").load();
        assertEquals(List.of("app"), pkg.descriptor().usageRoles());
        assertEquals(
                List.of("config.json: legacy key 'user_roles' is read as 'usage_roles'; rename it to 'usage_roles'"),
                pkg.warnings());
        assertEquals(
                "config.json: both 'usage_roles' and its legacy name 'user_roles' are given; keep only 'usage_roles'",
                configError("\"user_roles\": [\"app\"], \"usage_roles\": [\"app\"]"));
    }

    @Test
    void legacyAndUnknownKeysAreWarnedAndIgnored() {
        LoadedPackage pkg = tree().config("\"class\": \"postgres_sql\", \"users\": [\"x\"], \"function_path\": \"f\"")
                .load();
        assertEquals(
                List.of(
                        "config.json: unknown key 'function_path' is ignored; check its spelling or remove it",
                        "config.json: legacy key 'class' is ignored, as pgpm ignores it; remove it",
                        "config.json: legacy key 'users' is ignored, as pgpm ignores it; remove it"),
                pkg.warnings());
    }

    @Test
    void standardConformingStringsIsOnOrOff() {
        assertEquals(
                "off",
                tree().config("\"standard_conforming_strings\": \"off\"")
                        .load()
                        .descriptor()
                        .standardConformingStrings());
        assertEquals(
                "config.json: key 'standard_conforming_strings' is 'yes'; write \"on\" (backslashes in '...'"
                        + " literals are ordinary characters) or \"off\" (they are escapes, as pgpm forced)",
                configError("\"standard_conforming_strings\": \"yes\""));
    }

    @Test
    void theConfigFileItselfMustBeStrictUtf8() {
        byte[] json = ("{" + PackageTree.BASE + ", \"description\": \"caf\u00e9\"}").getBytes(StandardCharsets.UTF_8);
        byte[] latin1 =
                ("{" + PackageTree.BASE + ", \"description\": \"caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertEquals(
                "caf\u00e9",
                tree().bytes("config.json", withBom).load().descriptor().description());
        int offset = latin1.length - 3;
        assertEquals(
                "config.json: invalid UTF-8 byte 0xE9 at byte offset " + offset + " (line 1); save the file as UTF-8",
                error(tree().bytes("config.json", latin1)));
    }

    // --- folders

    @Test
    void aMissingFolderNamesItsKey() {
        assertEquals(
                "config.json: key 'functions_path' names 'functions', which does not exist; create the folder or fix"
                        + " the path",
                configError("\"functions_path\": \"functions\""));
    }

    @Test
    void aFolderMustBeADirectory() {
        tree().file("types.sql", "select 1;");
        assertEquals(
                "config.json: key 'types_path' names 'types.sql', which is not a directory; name a folder",
                configError("\"types_path\": \"types.sql\""));
    }

    @Test
    void foldersMustStayInsideThePackageRoot() throws IOException {
        Path root = dir.resolve("pkg");
        Files.createDirectories(dir.resolve("outside"));
        PackageTree tree = new PackageTree(root).config("\"functions_path\": \"sub/../../outside\"");
        assertEquals(
                "config.json: key 'functions_path' names 'sub/../../outside', which lies outside the package root;"
                        + " folders must stay inside the directory of config.json",
                assertThrows(PackageException.class, tree::load).getMessage());
        tree.config("\"functions_path\": \"" + dir.resolve("outside").toAbsolutePath() + "\"");
        assertEquals(
                "config.json: key 'functions_path' names '"
                        + dir.resolve("outside").toAbsolutePath()
                        + "', an absolute path; name a folder relative to the package root",
                assertThrows(PackageException.class, tree::load).getMessage());
    }

    @Test
    void aSymbolicLinkCannotLeadAFolderOutsideTheRoot() throws IOException {
        Path root = dir.resolve("pkg");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("f.sql"), "select 1;");
        PackageTree tree = new PackageTree(root).config("\"functions_path\": \"functions\"");
        Files.createSymbolicLink(root.resolve("functions"), outside);
        assertEquals(
                "config.json: key 'functions_path' names 'functions', a symbolic link to " + outside.toRealPath()
                        + " outside the package root; copy the folder into the package",
                assertThrows(PackageException.class, tree::load).getMessage());
    }

    @Test
    void aSymbolicLinkCannotLeadAFileOutsideTheRoot() throws IOException {
        Path root = dir.resolve("pkg");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.sql"), "select 1;");
        PackageTree tree = new PackageTree(root)
                .config("\"functions_path\": \"functions\"")
                .dir("functions");
        Files.createSymbolicLink(root.resolve("functions/f.sql"), outside.resolve("secret.sql"));
        assertEquals(
                "functions/f.sql is a symbolic link to "
                        + outside.resolve("secret.sql").toRealPath()
                        + " outside the package root; copy it into the package",
                assertThrows(PackageException.class, tree::load).getMessage());
    }

    @Test
    void pathsAreAStringOrAnArrayOfStrings() {
        tree().dir("f1").dir("f2");
        assertEquals(
                List.of("f1", "f2"),
                tree().config("\"functions_path\": [\"f1\", \"f2\"]")
                        .load()
                        .descriptor()
                        .paths()
                        .get(Category.FUNCTIONS));
        assertEquals(
                "config.json: key 'functions_path' holds a number (1); every element must be a folder path, such as"
                        + " [\"functions\"]",
                configError("\"functions_path\": [\"f1\", 1]"));
        assertEquals(
                "config.json: key 'views_path' must be a folder path or an array of folder paths, but it is an"
                        + " object; write for example \"views_path\": \"views\"",
                configError("\"views_path\": {}"));
    }

    // --- files

    @Test
    void collectsSqlFilesRecursivelySkippingDotFilesEmptyFilesAndOthers() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .file("functions/b.sql", "select 2;")
                .file("functions/a/z.sql", "select 3;")
                .file("functions/.hidden.sql", "select 4;")
                .file("functions/.git/x.sql", "select 5;")
                .file("functions/empty.sql", "")
                .file("functions/readme.md", "# no")
                .file("functions/a.sql", "select 1;")
                .load();
        assertEquals(List.of("functions/a/z.sql", "functions/a.sql", "functions/b.sql"), paths(pkg));
        assertEquals(Category.FUNCTIONS, pkg.files().get(0).category());
        assertEquals(
                Sha256.hex("select 3;".getBytes(StandardCharsets.UTF_8)),
                pkg.files().get(0).sha256());
        assertEquals(
                List.of("functions/readme.md is not deployed: only files ending in .sql are (pgpm deployed every"
                        + " file); rename it to .sql or move it out of the package folders"),
                pkg.warnings());
    }

    @Test
    void oneFileReachedTwiceThroughALinkIsAnError() throws IOException {
        PackageTree tree = tree().config("\"types_path\": \"types\", \"functions_path\": \"functions\"")
                .file("types/t.sql", "create type t as (a int);")
                .dir("functions");
        Files.createSymbolicLink(dir.resolve("functions/types"), dir.resolve("types"));
        assertEquals(
                "functions/types/t.sql is the same file as types/t.sql through a symbolic link; a file belongs to one"
                        + " category: remove the link",
                error(tree));
    }

    @Test
    void aLinkInsideThePackageIsFollowed() throws IOException {
        PackageTree tree = tree().config("\"functions_path\": \"functions\"")
                .file("shared/f.sql", "select 1;")
                .dir("functions");
        Files.createSymbolicLink(dir.resolve("functions/f.sql"), dir.resolve("shared/f.sql"));
        assertEquals(List.of("functions/f.sql"), paths(tree.load()));
    }

    @Test
    void categoriesComeInExecutionOrderAndFoldersInTheOrderListed() {
        LoadedPackage pkg = tree().config("\"triggers_path\": \"trg\", \"functions_path\": [\"fz\", \"fa\"],"
                        + " \"types_path\": \"types\", \"views_path\": \"views\", \"tables_path\": \"tables\"")
                .file("trg/t.sql", "select 1;")
                .file("fz/f.sql", "select 1;")
                .file("fa/f.sql", "select 1;")
                .file("types/t.sql", "create type t as (a int);")
                .file("views/v.sql", "select 1;")
                .file("tables/001.sql", "select 1;")
                .load();
        assertEquals(
                List.of("types/t.sql", "tables/001.sql", "fz/f.sql", "fa/f.sql", "views/v.sql", "trg/t.sql"),
                paths(pkg));
        assertEquals(
                List.of("fz/f.sql", "fa/f.sql"),
                pkg.files(Category.FUNCTIONS).stream().map(PackageFile::path).toList());
    }

    @Test
    void nestedFoldersOfTwoCategoriesAreAnError() {
        assertEquals(
                "sql/types/t.sql is in two configured folders, types_path 'sql/types' and functions_path 'sql'; a"
                        + " file belongs to one category: do not nest the folders of config.json",
                error(tree().config("\"functions_path\": \"sql\", \"types_path\": \"sql/types\"")
                        .file("sql/types/t.sql", "create type t as (a int);")));
    }

    @Test
    void aFileWithABomIsReadWithoutIt() {
        byte[] sql = "select 1;".getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[sql.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(sql, 0, bom, 3, sql.length);
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .bytes("functions/f.sql", bom)
                .load();
        assertEquals("select 1;", pkg.files().get(0).text());
        assertEquals(Sha256.hex(bom), pkg.files().get(0).sha256(), "the checksum is of the stored bytes");
    }

    @Test
    void aFileIsSplitOnceWhenReadAndSemAttributeLinesMeanNothing() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .file(
                        "functions/f.sql",
                        "-- sem.attribute.transaction = never\nselect 1;\n-- sem.attributes\nselect 2;")
                .load();
        assertEquals(
                List.of("functions/f.sql:2", "functions/f.sql:4"),
                pkg.files().get(0).statements().stream()
                        .map(s -> s.file() + ":" + s.line())
                        .toList());
        assertEquals(List.of(), pkg.warnings());
    }

    @Test
    void psqlMetaCommandsAreRefusedWhenTheFileIsRead() {
        assertEquals(
                "File[functions/f.sql] line 2: psql meta-command \\i other.sql is not supported in package files"
                        + " (pgpm sends plain SQL); remove it",
                error(tree().config("\"functions_path\": \"functions\"")
                        .file("functions/f.sql", "select 1;\n\\i other.sql\n")));
    }

    @Test
    void aSyntaxErrorIsRefusedWhenTheFileIsRead() {
        assertEquals(
                "File[functions/g.sql] line 1: unterminated quoted string; close it with '",
                error(tree().config("\"functions_path\": \"functions\"").file("functions/g.sql", "select 'x;\n")));
    }

    @Test
    void backslashesInEscapeAndDollarStringsNeedNoDeclaration() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .file("functions/f.sql", "select E'a\\nb', $$c\\d$$, \"x\\y\" from t; -- \\n in a comment")
                .load();
        assertEquals(1, pkg.files().size());
    }

    @Test
    void aBackslashInAnOrdinaryLiteralNeedsTheSettingDeclared() {
        String message = error(tree().config("\"views_path\": \"views\"")
                .file("views/v.sql", "create view v as\nselect 'a\\nb' as x;"));
        assertEquals(
                "views/v.sql:2: the string literal 'a\\nb' contains a backslash, whose meaning depends on"
                        + " standard_conforming_strings; add \"standard_conforming_strings\": \"on\" to config.json"
                        + " (backslash is an ordinary character), or \"off\" for a legacy pgpm package (backslash"
                        + " escapes, as pgpm forced), or write E'...'",
                message);
        tree().config("\"views_path\": \"views\", \"standard_conforming_strings\": \"on\"")
                .load();
    }

    // --- identifier limits

    @Test
    void theRevisionNameOfAModerateDeployMustFitToo() {
        String name55 = "p".repeat(55);
        assertEquals(
                "config.json: keys 'name' and 'version': The revision schema name '" + name55 + "_1_0_0_99' is 64"
                        + " bytes long; PostgreSQL identifiers are limited to 63 bytes and would be truncated: shorten"
                        + " the package name or version (a moderate deploy renames the schema to <schema>_<N>, checked"
                        + " up to N = 99)",
                error(tree().rawConfig("{\"name\": \"" + name55 + "\", \"subclass\": \"versioned\", \"version\":"
                        + " \"1_0_0\"}")));
        String name54 = "p".repeat(54);
        assertEquals(
                name54 + "_1_0_0",
                tree().rawConfig("{\"name\": \"" + name54 + "\", \"subclass\": \"versioned\","
                                + " \"version\": \"1_0_0\"}")
                        .load()
                        .descriptor()
                        .schemaName());
    }

    @Test
    void aDatabaseScopePackageHasNoSchemaToLimit() {
        String name = "p".repeat(70);
        LoadedPackage pkg = tree().rawConfig("{\"name\": \"" + name + "\", \"subclass\": \"basic\", \"version\":"
                        + " \"1_0_0\", \"scope\": \"DATABASE\"}")
                .load();
        assertEquals(name, pkg.descriptor().name());
    }

    // --- single-file deploys

    @Test
    void singleFilesAreResolvedFromTheRootAndNormalised() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\", \"tables_path\": \"tables\"")
                .file("functions/b.sql", "select 2;")
                .file("functions/a.sql", "select 1;")
                .file("tables/1.sql", "select 1;")
                .load();
        List<PackageFile> selected = pkg.select(List.of(
                "functions/./b.sql",
                "./functions/../tables/1.sql",
                dir.resolve("functions/b.sql").toString()));
        assertEquals(
                List.of("tables/1.sql", "functions/b.sql"),
                selected.stream().map(PackageFile::path).toList());
    }

    @Test
    void everyUnmatchedSingleFileIsListedInOneError() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .file("functions/a.sql", "select 1;")
                .file("functions/empty.sql", "")
                .file("other/x.sql", "select 1;")
                .file("functions/notes.txt", "x")
                .load();
        PackageException e = assertThrows(
                PackageException.class,
                () -> pkg.select(List.of(
                        "a.sql",
                        "functions/missing.sql",
                        "other/x.sql",
                        "../a.sql",
                        "functions",
                        "functions/empty.sql",
                        "functions/notes.txt")));
        assertEquals(
                "Cannot deploy the requested files, nothing was deployed: 'a.sql' (no such file; did you mean"
                        + " 'functions/a.sql'?); 'functions/missing.sql' (no such file); 'other/x.sql' (not in a"
                        + " folder of functions_path 'functions'); '../a.sql' (not a path inside the package root);"
                        + " 'functions' (a directory; name the files in it); 'functions/empty.sql' (an empty file,"
                        + " which packages skip); 'functions/notes.txt' (not a .sql file); name files by their path"
                        + " relative to the package root " + pkg.root(),
                e.getMessage());
    }

    @Test
    void aBareNameMatchingSeveralFilesListsThem() {
        LoadedPackage pkg = tree().config("\"functions_path\": \"functions\"")
                .file("functions/x/f.sql", "select 1;")
                .file("functions/y/f.sql", "select 1;")
                .load();
        PackageException e = assertThrows(PackageException.class, () -> pkg.select(List.of("f.sql")));
        assertTrue(
                e.getMessage()
                        .contains("'f.sql' (no such file; files of that name: functions/x/f.sql, functions/y/f.sql)"),
                e.getMessage());
    }

    // --- tarballs

    @Test
    void aTarballWithASingleTopLevelFolderIsLoaded() throws IOException {
        PackageTree source = new PackageTree(dir.resolve("src"))
                .config("\"functions_path\": \"functions\"")
                .file("functions/a.sql", "select 1;");
        Path tarGz = source.tar(dir.resolve("shop-1.0.0.tar.gz"), "shop-1.0.0/");
        LoadedPackage pkg = PackageLoader.loadSource(tarGz, dir.resolve("work"));
        assertEquals(List.of("functions/a.sql"), paths(pkg));
        assertEquals(dir.resolve("work/shop-1.0.0").toAbsolutePath().normalize(), pkg.root());
    }

    @Test
    void hiddenTopLevelEntriesOfATarballAreIgnored() throws IOException {
        Path tarGz = PackageTree.tarOf(
                dir.resolve("shop.tar.gz"), "._shop", "x", "shop/config.json", "{" + PackageTree.BASE + "}");
        assertEquals(
                "shop",
                PackageLoader.loadTarball(tarGz, dir.resolve("work"))
                        .descriptor()
                        .name());
    }

    @Test
    void aTarballWithConfigJsonAtItsTopLevelIsLoaded() throws IOException {
        PackageTree source = new PackageTree(dir.resolve("src")).config("").file("f/a.sql", "select 1;");
        Path tarGz = source.tar(dir.resolve("shop.tgz"), "");
        assertEquals(
                "shop",
                PackageLoader.loadSource(tarGz, dir.resolve("work"))
                        .descriptor()
                        .name());
    }

    @Test
    void aTarballEntryOutsideItsDirectoryIsRefusedBeforeWriting() throws IOException {
        Path tarGz = PackageTree.tarOf(dir.resolve("evil.tar.gz"), "config.json", "{}", "../evil.sql", "x");
        UnsafeArchiveException e =
                assertThrows(UnsafeArchiveException.class, () -> PackageLoader.loadTarball(tarGz, dir.resolve("work")));
        assertTrue(e.getMessage().contains("'../evil.sql' has a '..' segment; refusing to extract it"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("evil.sql")));
        assertFalse(Files.exists(dir.resolve("work")));
    }

    @Test
    void aTarballWithoutConfigJsonIsNoPackage() throws IOException {
        Path tarGz = PackageTree.tarOf(dir.resolve("x.tar.gz"), "a/config.json", "{}", "b/x.sql", "x");
        assertEquals(
                "The archive " + tarGz + " has no config.json at its top level or in a single top-level folder; it"
                        + " is not a pgpm package (pack the directory that holds config.json)",
                assertThrows(PackageException.class, () -> PackageLoader.loadTarball(tarGz, dir.resolve("w")))
                        .getMessage());
    }

    @Test
    void aMissingSourceIsNamed() {
        Path missing = dir.resolve("nope.tar.gz");
        assertEquals(
                "The package source " + missing + " does not exist; name a package directory or a .tar.gz file",
                assertThrows(PackageException.class, () -> PackageLoader.loadSource(missing, dir.resolve("w")))
                        .getMessage());
    }

    @Test
    void aSourceThatIsNeitherDirectoryNorTarballIsRefused() throws IOException {
        Path zip = Files.writeString(dir.resolve("pkg.zip"), "x");
        assertEquals(
                "The package source " + zip + " is neither a directory holding config.json nor a .tar.gz file; name"
                        + " one of them",
                assertThrows(PackageException.class, () -> PackageLoader.loadSource(zip, dir.resolve("w")))
                        .getMessage());
    }

    @Test
    void aConfigJsonLinkingOutsideTheRootIsRefused(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("config.json"), "{\"name\": \"TOP-SECRET\"}");
        Files.createSymbolicLink(dir.resolve("config.json"), elsewhere.resolve("config.json"));
        String message = assertThrows(PackageException.class, () -> PackageLoader.load(dir))
                .getMessage();
        assertTrue(message.contains("config.json lies outside "), message);
        assertFalse(message.contains("TOP-SECRET"), message);
    }

    @Test
    void aSqlFileLinkingToADeviceIsRefusedWithoutReadingIt() throws IOException {
        PackageTree tree = tree().config("\"tables_path\": \"tables\"").dir("tables");
        Files.createSymbolicLink(dir.resolve("tables/zero.sql"), Path.of("/dev/zero"));
        String message = error(tree);
        assertTrue(message.startsWith("tables/zero.sql lies outside "), message);
        assertTrue(message.contains("a package file must be a regular file inside the package root"), message);
    }
}

package dev.sem.pkg;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.sem.lint.LintConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A package project: config.json beside pom.xml, one name and one version for both. */
class PackageProjectTest {

    @TempDir
    Path tmp;

    private Path project(String name, String version, String functionSql) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("project"));
        Files.writeString(
                root.resolve("config.json"),
                "{\"name\": \"" + name + "\", \"subclass\": \"versioned\", \"version\": \"" + version
                        + "\", \"functions_path\": \"functions\", \"tables_path\": \"tables\"}");
        Files.createDirectories(root.resolve("functions"));
        Files.createDirectories(root.resolve("tables"));
        Files.writeString(root.resolve("functions/f.sql"), functionSql);
        Files.writeString(root.resolve("tables/001_t.sql"), "CREATE TABLE t (id bigint PRIMARY KEY);\n");
        return root;
    }

    private static PackageDescriptor descriptor(Path root) {
        return PackageLoader.load(root).descriptor();
    }

    @Test
    void aProjectIsAPackageProjectWhenItHoldsConfigJson() throws Exception {
        assertThat(PackageProject.isPackage(tmp)).isFalse();
        assertThat(PackageProject.isPackage(project("orders_api", "1.0.0", "SELECT 1;")))
                .isTrue();
    }

    @Test
    void theArtifactIdWithUnderscoresAndTheVersionWithoutSnapshotAgree() throws Exception {
        PackageDescriptor d = descriptor(project("orders_api", "1.2.0", "SELECT 1;"));
        assertThatCode(() -> PackageProject.checkCoordinates(d, "orders-api", "1.2.0-SNAPSHOT"))
                .doesNotThrowAnyException();
        assertThatCode(() -> PackageProject.checkCoordinates(d, "orders_api", "1.2.0"))
                .doesNotThrowAnyException();
        PackageDescriptor underscored = descriptor(project("orders_api", "01_02_00", "SELECT 1;"));
        assertThatCode(() -> PackageProject.checkCoordinates(underscored, "orders-api", "1.2.0"))
                .doesNotThrowAnyException();
    }

    @Test
    void aDifferentNameFailsNamingBothValues() throws Exception {
        PackageDescriptor d = descriptor(project("orders", "1.2.0", "SELECT 1;"));
        assertThatThrownBy(() -> PackageProject.checkCoordinates(d, "orders-api", "1.2.0"))
                .isInstanceOf(PackageException.class)
                .hasMessage("config.json \"name\": \"orders\" disagrees with the artifactId orders-api of pom.xml: a"
                        + " package project has one name; set \"name\": \"orders_api\" in config.json, or the"
                        + " <artifactId> to orders");
    }

    @Test
    void aDifferentVersionFailsNamingBothValues() throws Exception {
        PackageDescriptor d = descriptor(project("orders_api", "1.2.0", "SELECT 1;"));
        assertThatThrownBy(() -> PackageProject.checkCoordinates(d, "orders-api", "1.3.0-SNAPSHOT"))
                .isInstanceOf(PackageException.class)
                .hasMessage("The version 1.2.0 in config.json disagrees with the version 1.3.0-SNAPSHOT of pom.xml:"
                        + " set \"version\": \"1.3.0\" in config.json (the project version without -SNAPSHOT), or the"
                        + " <version> to match it");
        assertThatThrownBy(() -> PackageProject.checkCoordinates(d, "orders-api", "1.2"))
                .isInstanceOf(PackageException.class)
                .hasMessage("The version 1.2 of pom.xml is not a package version: use MAJOR.MINOR.PATCH (optionally"
                        + " -SNAPSHOT), such as 1.2.0, to match the version in config.json");
    }

    @Test
    void validateLintsEveryFileOfThePackage() throws Exception {
        Path root = project(
                "orders_api",
                "1.0.0",
                "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;\n"
                        + "ALTER TABLE t ADD COLUMN c int NOT NULL;\n");
        PackageProject.Validation v = PackageProject.validate(root, "orders-api", "1.0.0", LintConfig.defaults());
        assertThat(v.packageName()).isEqualTo("orders_api");
        assertThat(v.schema()).isEqualTo("orders_api_1_0_0");
        assertThat(v.files()).isEqualTo(2);
        assertThat(v.lint().findings()).anySatisfy(f -> assertThat(f.toString()).contains("functions/f.sql"));
        assertThat(PackageProject.validate(root, "orders-api", "1.0.0", null).lint())
                .isNull();
    }

    @Test
    void theReleaseVersionDropsSnapshot() {
        assertThat(PackageProject.releaseVersion("1.0.0-SNAPSHOT")).isEqualTo("1.0.0");
        assertThat(PackageProject.releaseVersion("1.0.0")).isEqualTo("1.0.0");
    }
}

package dev.sem.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine boundary, enforced: the engine (every package of {@code dev.sem} but {@code dev.sem.maven}) uses no Maven
 * or Plexus API, so it can be called and tested without Maven; lint does not depend on apply; git does not depend on
 * packaging; and no package depends on itself through others.
 */
class EngineBoundaryTest {

    private static final String[] MAVEN_API = {"org.apache.maven..", "org.codehaus.plexus.."};

    /**
     * plexus-archiver writes the reproducible tarballs: an archiving library, not Maven's or Plexus's container API,
     * allowed in {@link #ARCHIVER_USER} only.
     */
    /** plexus-archiver and plexus-io, whose resource types plexus-archiver's API takes. */
    private static final String[] ARCHIVER_LIBRARY = {
        "org.codehaus.plexus.archiver..", "org.codehaus.plexus.components.io.."
    };

    /** The one engine class that may use {@link #ARCHIVER_LIBRARY}. */
    private static final String ARCHIVER_USER = "dev.sem.packaging.ReproducibleTar";

    private static final String ARCHIVER_USER_SOURCE = "packaging/ReproducibleTar.java";

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sem");
    }

    @Test
    void engineUsesNoMavenOrPlexusApi() {
        noClasses()
                .that()
                .resideInAPackage("dev.sem..")
                .and()
                .resideOutsideOfPackage("dev.sem.maven..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(MAVEN_API).and(not(resideInAnyPackage(ARCHIVER_LIBRARY))))
                .because("the engine runs and is tested without Maven; only dev.sem.maven adapts Maven to it")
                .check(production);
    }

    @Test
    void onlyReproducibleTarUsesTheArchiver() {
        noClasses()
                .that()
                .resideInAPackage("dev.sem..")
                .and()
                .resideOutsideOfPackage("dev.sem.maven..")
                .and()
                .doNotHaveFullyQualifiedName(ARCHIVER_USER)
                .and(not(nestedIn(ARCHIVER_USER)))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ARCHIVER_LIBRARY)
                .because("one class writes tarballs with plexus-archiver; the rest of the engine calls it")
                .check(production);
    }

    @Test
    void engineSourcesImportNoMavenOrPlexusApi() throws IOException {
        // The byte-code rule above cannot see an import that is never used; this one reads the sources.
        Path engine = Path.of("src/main/java/dev/sem");
        List<String> offending;
        try (Stream<Path> files = Files.walk(engine)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(engine.resolve("maven")))
                    .filter(p -> importsMavenApi(p, p.equals(engine.resolve(ARCHIVER_USER_SOURCE))))
                    .map(p -> engine.relativize(p).toString())
                    .toList();
        }
        assertThat(offending)
                .as("engine sources importing org.apache.maven or org.codehaus.plexus (plexus-archiver only in "
                        + ARCHIVER_USER_SOURCE + ")")
                .isEmpty();
    }

    @Test
    void engineSourcesNameNoMavenFlags() throws IOException {
        // Engine messages name an option by its key (dev.sem.Option); the Maven layer spells it as its -Dsem. flag.
        // Every engine package is scanned, whatever it is called, comments included.
        Path engine = Path.of("src/main/java/dev/sem");
        List<String> offending;
        try (Stream<Path> files = Files.walk(engine)) {
            offending = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !p.startsWith(engine.resolve("maven")))
                    .filter(p -> read(p).contains("-Dsem."))
                    .map(p -> engine.relativize(p).toString())
                    .toList();
        }
        assertThat(offending).as("engine sources containing -Dsem.").isEmpty();
    }

    private static DescribedPredicate<JavaClass> nestedIn(String outer) {
        return DescribedPredicate.describe(
                "nested in " + outer, c -> c.getName().startsWith(outer + "$"));
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + source, e);
        }
    }

    private static boolean importsMavenApi(Path source, boolean archiverAllowed) {
        try (Stream<String> lines = Files.lines(source)) {
            return lines.map(String::strip)
                    .filter(l -> l.startsWith("import "))
                    .map(l -> l.substring("import ".length()).replaceFirst("^static ", ""))
                    .filter(imported -> !archiverAllowed
                            || !(imported.startsWith("org.codehaus.plexus.archiver.")
                                    || imported.startsWith("org.codehaus.plexus.components.io.")))
                    .anyMatch(imported ->
                            imported.startsWith("org.apache.maven.") || imported.startsWith("org.codehaus.plexus."));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + source, e);
        }
    }

    @Test
    void lintDoesNotDependOnApply() {
        noClasses()
                .that()
                .resideInAPackage("dev.sem.lint..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sem.apply..")
                .because("lint works on dev.sem.script.Script, which needs no database")
                .check(production);
    }

    @Test
    void gitDoesNotDependOnPackaging() {
        noClasses()
                .that()
                .resideInAPackage("dev.sem.git..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.sem.packaging..")
                .because("the packager reads git, not the other way round")
                .check(production);
    }

    @Test
    void packagesHaveNoImportCycles() {
        slices().matching("dev.sem.(*)..").should().beFreeOfCycles().check(production);
    }
}

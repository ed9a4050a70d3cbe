package dev.sem.pkg;

import java.util.List;

import dev.sem.pkg.PackageDependencies.Provided;
import org.junit.jupiter.api.Test;

import static dev.sem.pkg.TestPackages.pkg;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageDependenciesTest {

    private static Provided provided(TestPackages p, String coordinates) {
        return new Provided(coordinates, p.build());
    }

    private static List<String> names(List<Provided> ordered) {
        return ordered.stream().map(Provided::name).toList();
    }

    @Test
    void aChainIsDeployedFromTheBottom() {
        LoadedPackage main = pkg("orders_api", "1_0_0").dep("b", "1_x").build();
        List<Provided> ordered = PackageDependencies.order(
                main,
                List.of(
                        provided(pkg("b", "1_2_0").dep("c", ">=2_0_0"), "com.example:b:1.2.0"),
                        provided(pkg("c", "2_1_0"), "com.example:c:2.1.0")));

        assertThat(names(ordered)).containsExactly("c", "b");
        assertThat(ordered.get(0).coordinates()).isEqualTo("com.example:c:2.1.0");
    }

    @Test
    void aDiamondIsOrderedDepthFirstInDeclarationOrderWhateverTheOrderOfTheArtifacts() {
        LoadedPackage main = pkg("orders_api", "1_0_0")
                .dep("pricing", ">=1_0_0")
                .dep("stock", "2")
                .build();
        Provided pricing = provided(pkg("pricing", "1_0_0").dep("money", "1"), "com.example:pricing:1.0.0");
        Provided stock =
                provided(pkg("stock", "2_0_1").dep("units", "x").dep("money", ">=1_1"), "com.example:stock:2.0.1");
        Provided money = provided(pkg("money", "1_1_0"), "com.example:money:1.1.0");
        Provided units = provided(pkg("units", "0_1_0"), "com.example:units:0.1.0");

        assertThat(names(PackageDependencies.order(main, List.of(pricing, stock, money, units))))
                .containsExactly("money", "pricing", "units", "stock");
        assertThat(names(PackageDependencies.order(main, List.of(units, money, stock, pricing))))
                .containsExactly("money", "pricing", "units", "stock");
    }

    @Test
    void noDependenciesGiveAnEmptyOrder() {
        assertThat(PackageDependencies.order(pkg("orders_api", "1_0_0").build(), List.of()))
                .isEmpty();
    }

    @Test
    void aDeclaredDependencyThatNoArtifactProvidesIsAnError() {
        LoadedPackage main =
                pkg("orders_api", "1_0_0").dep("pricing", ">=1_0_0").build();

        assertThatThrownBy(() -> PackageDependencies.order(main, List.of()))
                .isInstanceOf(PackageException.class)
                .hasMessage("config.json of orders_api declares the dependency pricing (>=1_0_0), but no Maven"
                        + " dependency provides the package pricing: add its package artifact"
                        + " (<type>tar.gz</type>, <classifier>package</classifier>) to the <dependencies> of"
                        + " pom.xml");
    }

    @Test
    void aProvidedVersionThatDoesNotSatisfyTheRequirementIsAnError() {
        LoadedPackage main =
                pkg("orders_api", "1_0_0").dep("pricing", ">=1_0_0").build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main, List.of(provided(pkg("pricing", "0_9_0"), "com.example:pricing:0.9.0"))))
                .hasMessage("config.json of orders_api declares the dependency pricing (>=1_0_0), but"
                        + " com.example:pricing:0.9.0 provides pricing 0.9.0, which does not satisfy >=1_0_0"
                        + " required by orders_api: depend on a version of com.example:pricing:0.9.0 that"
                        + " satisfies it in pom.xml, or change the requirement in config.json of orders_api");
    }

    @Test
    void anArtifactThatNoConfigJsonDeclaresIsAnError() {
        LoadedPackage main = pkg("orders_api", "1_0_0").build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main, List.of(provided(pkg("pricing", "1_0_0"), "com.example:pricing:1.0.0"))))
                .hasMessage("The Maven dependency com.example:pricing:1.0.0 (package pricing) is declared in no"
                        + " config.json: add \"pricing\": \"1_0_0\" to the dependencies of orders_api's"
                        + " config.json, or remove the Maven dependency");
    }

    @Test
    void twoArtifactsProvidingOnePackageAreAnError() {
        LoadedPackage main = pkg("orders_api", "1_0_0").dep("pricing", "1").build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main,
                        List.of(
                                provided(pkg("pricing", "1_0_0"), "com.example:pricing:1.0.0"),
                                provided(pkg("pricing", "1_1_0"), "org.fork:pricing-fork:1.1.0"))))
                .hasMessage("The Maven dependencies com.example:pricing:1.0.0 and org.fork:pricing-fork:1.1.0 both"
                        + " provide the package pricing: keep only one of them in the <dependencies> of pom.xml"
                        + " (use <exclusions> where one comes transitively)");
    }

    @Test
    void anArtifactProvidingTheMainPackageItselfIsAnError() {
        LoadedPackage main = pkg("orders_api", "1_0_0").build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main, List.of(provided(pkg("orders_api", "0_9_0"), "com.example:orders-api:0.9.0"))))
                .hasMessage("The Maven dependency com.example:orders-api:0.9.0 provides the package orders_api,"
                        + " which is the package being deployed: remove it from the <dependencies> of pom.xml");
    }

    @Test
    void aCycleIsAnErrorNamingTheCycle() {
        LoadedPackage main = pkg("orders_api", "1_0_0").dep("a", "1").build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main,
                        List.of(
                                provided(pkg("a", "1_0_0").dep("b", "1"), "com.example:a:1.0.0"),
                                provided(pkg("b", "1_0_0").dep("c", "1"), "com.example:b:1.0.0"),
                                provided(pkg("c", "1_0_0").dep("a", "1"), "com.example:c:1.0.0"))))
                .hasMessage("The config.json dependencies form a cycle: a -> b -> c -> a: remove one of these"
                        + " dependencies, packages cannot be deployed in a cycle");
    }

    @Test
    void aCycleThroughTheMainPackageIsAnError() {
        LoadedPackage main = pkg("orders_api", "1_0_0").dep("a", "1").build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main, List.of(provided(pkg("a", "1_0_0").dep("orders_api", "1"), "com.example:a:1.0.0"))))
                .hasMessage("The config.json dependencies form a cycle: orders_api -> a -> orders_api: remove one of"
                        + " these dependencies, packages cannot be deployed in a cycle");
    }

    @Test
    void everyViolationIsReportedOneLineEach() {
        LoadedPackage main = pkg("orders_api", "1_0_0")
                .dep("pricing", ">=1_0_0")
                .dep("stock", "2")
                .build();

        assertThatThrownBy(() -> PackageDependencies.order(
                        main,
                        List.of(
                                provided(pkg("pricing", "0_9_0").dep("money", "1"), "com.example:pricing:0.9.0"),
                                provided(pkg("units", "1_0_0"), "com.example:units:1.0.0"))))
                .hasMessage(String.join(
                        "\n",
                        "config.json of orders_api declares the dependency pricing (>=1_0_0), but"
                                + " com.example:pricing:0.9.0 provides pricing 0.9.0, which does not satisfy >=1_0_0"
                                + " required by orders_api: depend on a version of com.example:pricing:0.9.0 that"
                                + " satisfies it in pom.xml, or change the requirement in config.json of orders_api",
                        "config.json of orders_api declares the dependency stock (2), but no Maven dependency"
                                + " provides the package stock: add its package artifact (<type>tar.gz</type>,"
                                + " <classifier>package</classifier>) to the <dependencies> of pom.xml",
                        "config.json of pricing declares the dependency money (1), but no Maven dependency"
                                + " provides the package money: add its package artifact (<type>tar.gz</type>,"
                                + " <classifier>package</classifier>) to the <dependencies> of pom.xml",
                        "The Maven dependency com.example:units:1.0.0 (package units) is declared in no"
                                + " config.json: add \"units\": \"1_0_0\" to the dependencies of orders_api's"
                                + " config.json, or remove the Maven dependency"));
    }
}

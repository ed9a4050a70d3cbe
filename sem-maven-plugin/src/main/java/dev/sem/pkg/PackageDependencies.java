package dev.sem.pkg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The packages a package needs, as its build resolved them (Maven dependencies of type {@code tar.gz}, classifier
 * {@code package}), checked against the {@code dependencies} of every {@code config.json} and put in deploy order.
 *
 * <p>Maven-free: the caller resolves the artifacts (transitively) and loads each one; this class only compares the two
 * declarations and orders the packages.
 */
public final class PackageDependencies {

    /**
     * A package provided by a resolved dependency.
     *
     * @param coordinates the artifact that provides it, such as {@code com.example:pricing:1.0.0}
     * @param pkg the package read from the artifact
     */
    public record Provided(String coordinates, LoadedPackage pkg) {

        public Provided {
            Objects.requireNonNull(coordinates, "coordinates");
            Objects.requireNonNull(pkg, "pkg");
        }

        /** The package name of its descriptor. */
        public String name() {
            return pkg.descriptor().name();
        }
    }

    private PackageDependencies() {}

    /**
     * Checks that the {@code config.json} dependencies of {@code main} and of every provided package are exactly the
     * provided packages, with satisfying versions, and orders them for deployment: each package after the packages it
     * depends on; depth first from {@code main}, in the declaration order of the {@code config.json} dependencies.
     *
     * @param main the package to deploy
     * @param provided the packages of its resolved dependencies, in any order
     * @return the provided packages in deploy order ({@code main} excluded)
     * @throws PackageException listing every violation, one line each: a declared dependency no artifact provides or
     *     whose provided version does not satisfy the requirement, an artifact no {@code config.json} declares, two
     *     artifacts that provide the same package, an artifact that provides {@code main} itself, a dependency cycle
     */
    public static List<Provided> order(LoadedPackage main, List<Provided> provided) {
        String mainName = main.descriptor().name();
        List<String> errors = new ArrayList<>();
        Map<String, Provided> byName = new LinkedHashMap<>();
        Set<String> duplicated = new HashSet<>();
        for (Provided p : provided) {
            if (p.name().equals(mainName)) {
                errors.add("The Maven dependency " + p.coordinates() + " provides the package " + mainName
                        + ", which is the package being deployed: remove it from the <dependencies> of pom.xml");
                continue;
            }
            Provided first = byName.putIfAbsent(p.name(), p);
            if (first != null) {
                duplicated.add(p.name());
                errors.add("The Maven dependencies " + first.coordinates() + " and " + p.coordinates()
                        + " both provide the package " + p.name() + ": keep only one of them in the <dependencies>"
                        + " of pom.xml (use <exclusions> where one comes transitively)");
            }
        }
        List<LoadedPackage> declaring = new ArrayList<>();
        declaring.add(main);
        byName.values().forEach(p -> declaring.add(p.pkg()));
        Set<String> declared = new HashSet<>();
        for (LoadedPackage by : declaring) {
            String byName0 = by.descriptor().name();
            for (Map.Entry<String, Requirement> dep :
                    by.descriptor().dependencies().entrySet()) {
                String name = dep.getKey();
                Requirement req = dep.getValue();
                declared.add(name);
                if (name.equals(mainName)) {
                    continue; // a cycle through main, reported below
                }
                Provided p = byName.get(name);
                if (p == null) {
                    errors.add("config.json of " + byName0 + " declares the dependency " + name + " (" + req
                            + "), but no Maven dependency provides the package " + name + ": add its package"
                            + " artifact (<type>tar.gz</type>, <classifier>package</classifier>) to the"
                            + " <dependencies> of pom.xml");
                } else if (!duplicated.contains(name)
                        && !req.matches(p.pkg().descriptor().version())) {
                    errors.add("config.json of " + byName0 + " declares the dependency " + name + " (" + req
                            + "), but " + p.coordinates() + " provides " + name + " "
                            + p.pkg().descriptor().version().display() + ", which does not satisfy " + req
                            + " required by " + byName0 + ": depend on a version of " + p.coordinates()
                            + " that satisfies it in pom.xml, or change the requirement in config.json of "
                            + byName0);
                }
            }
        }
        for (Provided p : byName.values()) {
            if (!declared.contains(p.name())) {
                errors.add("The Maven dependency " + p.coordinates() + " (package " + p.name()
                        + ") is declared in no config.json: add \"" + p.name() + "\": \""
                        + requirementFor(p.pkg().descriptor().version()) + "\" to the dependencies of " + mainName
                        + "'s config.json, or remove the Maven dependency");
            }
        }
        Walk walk = new Walk(main, byName);
        walk.visit(mainName);
        for (String name : byName.keySet()) {
            walk.visit(name); // cycles among packages main does not reach
        }
        errors.addAll(walk.cycles);
        if (!errors.isEmpty()) {
            throw new PackageException(String.join("\n", errors));
        }
        return walk.order.stream()
                .filter(n -> !n.equals(mainName))
                .map(byName::get)
                .toList();
    }

    /** The exact requirement for a version: its text without a pre-release tail, such as {@code 01_09_00}. */
    private static String requirementFor(PackageVersion v) {
        String t = v.text();
        return v.pre() == null ? t : t.substring(0, t.length() - v.pre().length() - 1);
    }

    /** Depth-first post-order over the declared dependencies, in declaration order, recording each cycle once. */
    private static final class Walk {
        private final LoadedPackage main;
        private final Map<String, Provided> byName;
        private final Set<String> done = new LinkedHashSet<>();
        private final List<String> order = new ArrayList<>();
        private final List<String> path = new ArrayList<>();
        private final List<String> cycles = new ArrayList<>();
        private final Set<Set<String>> reported = new HashSet<>();

        Walk(LoadedPackage main, Map<String, Provided> byName) {
            this.main = main;
            this.byName = byName;
        }

        private PackageDescriptor descriptor(String name) {
            if (name.equals(main.descriptor().name())) {
                return main.descriptor();
            }
            Provided p = byName.get(name);
            return p == null ? null : p.pkg().descriptor();
        }

        void visit(String name) {
            PackageDescriptor d = descriptor(name);
            if (d == null || done.contains(name)) {
                return;
            }
            int at = path.indexOf(name);
            if (at >= 0) {
                List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                if (reported.add(new HashSet<>(cycle))) {
                    cycle.add(name);
                    cycles.add("The config.json dependencies form a cycle: " + String.join(" -> ", cycle)
                            + ": remove one of these dependencies, packages cannot be deployed in a cycle");
                }
                return;
            }
            path.add(name);
            for (String dep : d.dependencies().keySet()) {
                visit(dep);
            }
            path.remove(path.size() - 1);
            done.add(name);
            order.add(name);
        }
    }
}

package dev.sem.pkg;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sem.Message;
import dev.sem.Option;
import dev.sem.ShellWords;
import dev.sem.sql.SqlStatement;
import dev.sem.sql.StatementKind;

/**
 * Everything the deployer checks before connecting (pgpm spec §6.1 Ours): the options against the package, the
 * single-file selection, and the statements of every file (split when it was read, psql meta-commands refused then)
 * with transaction control, {@code COPY FROM STDIN} and, outside auto-commit, statements that cannot run in a
 * transaction refused with file and line.
 */
public final class DeployValidation {

    /**
     * The files a deploy runs, in execution order, their statements checked.
     *
     * @param files the selected files
     * @param types the statements of the type files in the order of §9 (drops, creates by dependency, others)
     * @param warnings warnings of the type ordering
     */
    record Prepared(List<PackageFile> files, List<SqlStatement> types, List<String> warnings) {}

    private DeployValidation() {}

    /** Parses a mode as the user wrote it ({@code safe}, {@code MODERATE}, ...). */
    public static DeployMode parseMode(String text) {
        if (text != null) {
            for (DeployMode m : DeployMode.values()) {
                if (m.name().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
        }
        throw new PackageException(
                "Unknown deploy mode '" + text + "': use safe (the default), moderate, unsafe or" + " overwrite");
    }

    static Prepared prepare(LoadedPackage pkg, DeployOptions options) {
        checkOptions(pkg, options);
        List<PackageFile> files = options.singleFile() ? FileSelection.select(pkg, options.files()) : pkg.files();
        checkTypes(pkg, options, files);
        for (PackageFile f : files) {
            check(f, options.autoCommit());
        }
        List<PackageFile> typeFiles =
                files.stream().filter(f -> f.category() == Category.TYPES).toList();
        TypeOrder.Result types = TypeOrder.order(typeFiles, pkg.descriptor().schemaName());
        return new Prepared(files, types.statements(), types.warnings());
    }

    private static void checkOptions(LoadedPackage pkg, DeployOptions options) {
        if (options.autoCommit() && (!options.singleFile() || options.mode() != DeployMode.SAFE)) {
            throw new PackageException(Message.text(
                            "Auto-commit deploys are allowed only for single-file deploys in safe mode, for safety:"
                                    + " give the files (")
                    .then(Option.FILES)
                    .then(") and leave ")
                    .then(Option.MODE, "safe")
                    .then(", or drop ")
                    .then(Option.AUTO_COMMIT));
        }
        List<String> roles = new ArrayList<>();
        if (options.owner() != null) {
            roles.add(options.owner());
        }
        if (options.usage() != null) {
            roles.addAll(options.usage());
        }
        for (String r : roles) {
            if (r == null || r.isBlank()) {
                throw new PackageException("An empty role name was given as owner or usage role; remove it");
            }
            SchemaNames.requireIdentifier("role name", r);
        }
        for (String rerun : options.rerunTableScripts()) {
            if (pkg.files(Category.TABLES).stream().noneMatch(f -> f.path().equals(rerun))) {
                throw new PackageException("The table script to run again '" + rerun + "' is not a table script of"
                        + " package " + pkg.descriptor().name() + "; give its path relative to the package root");
            }
        }
    }

    private static void checkTypes(LoadedPackage pkg, DeployOptions options, List<PackageFile> files) {
        boolean types = files.stream().anyMatch(f -> f.category() == Category.TYPES);
        if (!types) {
            return;
        }
        if (options.singleFile() && !options.allowTypesInFileDeploy()) {
            throw new PackageException(Message.text("Type files are not deployed by a single-file deploy: CREATE TYPE"
                            + " fails on an existing type (" + firstType(files) + "); deploy the whole package, or"
                            + " allow it explicitly (")
                    .then(Option.ALLOW_TYPES_IN_FILE_DEPLOY, "true")
                    .then(")"));
        }
        if (!options.singleFile() && options.mode() == DeployMode.OVERWRITE && !options.allowTypesInOverwrite()) {
            throw new PackageException(Message.text("Package "
                            + pkg.descriptor().name() + " has type files ("
                            + firstType(files) + "), which overwrite mode cannot replace (CREATE TYPE fails on an"
                            + " existing type); use ")
                    .then(Option.MODE, "moderate")
                    .then(" or unsafe, or allow it explicitly (")
                    .then(Option.ALLOW_TYPES_IN_OVERWRITE, "true")
                    .then(")"));
        }
    }

    private static String firstType(List<PackageFile> files) {
        return files.stream()
                .filter(f -> f.category() == Category.TYPES)
                .findFirst()
                .map(PackageFile::path)
                .orElse("");
    }

    /** Refuses the statements of one file (split when it was read) that a deploy transaction cannot run. */
    private static void check(PackageFile f, boolean autoCommit) {
        for (SqlStatement s : f.statements()) {
            String where = "File[" + f.path() + "] line " + s.line() + ": ";
            if (s.isCopyFromStdin()) {
                throw new PackageException(
                        where + "COPY … FROM STDIN is not supported in package files; use INSERT" + " statements");
            }
            if (s.kind() == StatementKind.TRANSACTION_CONTROL) {
                throw new PackageException(
                        where + s.description() + " is not allowed: a deploy runs in one" + " transaction; remove it");
            }
            if (s.kind() == StatementKind.NON_TRANSACTIONAL && !autoCommit) {
                throw new PackageException(Message.text(where + s.description()
                                + " cannot run inside the deploy transaction; deploy this file alone in auto-commit (")
                        .then(Option.FILES, ShellWords.quote(f.path()))
                        .then(" ")
                        .then(Option.AUTO_COMMIT, "true")
                        .then(")"));
            }
        }
    }

    /** The lower-case category name, for messages and reports. */
    static String category(Category c) {
        return c.name().toLowerCase(Locale.ROOT);
    }
}

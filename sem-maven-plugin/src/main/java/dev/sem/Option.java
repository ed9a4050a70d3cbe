package dev.sem;

/**
 * An engine option that a message can suggest setting. The engine names it by {@link #key()} only; a front end spells
 * it the way its users set it (the Maven layer as a {@code -D} user property).
 */
public enum Option {
    URL("url"),
    FILE("file"),
    DESCRIPTION("description"),
    DIR("dir"),
    TARBALL("tarball"),
    ACCEPT("accept"),
    ACCEPT_REASON("acceptReason"),
    LATE_POLICY("latePolicy"),
    LOCK_WAIT("lockWait"),
    RESUME_UNKNOWN("resumeUnknown"),
    PACKAGE_ALLOW_DIRTY("package.allowDirty"),
    VERSION_FROM_GIT_TAG("version.fromGitTag"),
    TAG("tag"),
    VERIFY_URL("verify.url"),
    VERIFY_PROVIDER("verify.provider"),
    PACKAGE("package"),
    FILES("files"),
    MODE("mode"),
    AUTO_COMMIT("autoCommit"),
    OWNER("owner"),
    USAGE("usage"),
    ALLOW_TYPES_IN_FILE_DEPLOY("allowTypesInFileDeploy"),
    ALLOW_TYPES_IN_OVERWRITE("allowTypesInOverwrite"),
    ALLOW_CASCADE_OUTSIDE("allowCascadeOutside"),
    RERUN_TABLE_SCRIPTS("rerunTableScripts"),
    LOCK_TIMEOUT("lockTimeout"),
    LOCK_RETRIES("lockRetries"),
    STATEMENT_TIMEOUT("statementTimeout"),
    ADD_CONFIG("addConfig"),
    UPGRADE("upgrade"),
    CONFIRM_UNINSTALL("confirmUninstall"),
    QUERY("query"),
    MAX_ITERATIONS("maxIterations"),
    PAUSE("pause"),
    FORCE("force"),
    DROP_PGPM("dropPgpm"),
    DATABASE_SCOPE("databaseScope"),
    PSQL("psql");

    private final String key;

    Option(String key) {
        this.key = key;
    }

    /** The option's name in engine messages, such as {@code resumeUnknown}. */
    public String key() {
        return key;
    }
}

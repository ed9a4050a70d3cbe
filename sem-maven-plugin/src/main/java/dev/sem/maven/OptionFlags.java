package dev.sem.maven;

import dev.sem.Message;
import dev.sem.Option;

/** How a Maven user sets each engine {@link Option}: the plugin's user property, given as {@code -Dsem.…}. */
final class OptionFlags {

    /** Spells an option as its flag, such as {@code -Dsem.lockWait} and {@code -Dsem.resumeUnknown=rerun}. */
    static final Message.Spelling FLAGS = option -> "-D" + property(option);

    private OptionFlags() {}

    /** The user property of the plugin parameter that sets {@code option}. */
    static String property(Option option) {
        return switch (option) {
            case URL -> "sem.url";
            case FILE -> "sem.file";
            case DESCRIPTION -> "sem.description";
            case DIR -> "sem.dir";
            case TARBALL -> "sem.tarball";
            case ACCEPT -> "sem.accept";
            case ACCEPT_REASON -> "sem.acceptReason";
            case LATE_POLICY -> "sem.latePolicy";
            case LOCK_WAIT -> "sem.lockWait";
            case RESUME_UNKNOWN -> "sem.resumeUnknown";
            case PACKAGE_ALLOW_DIRTY -> "sem.package.allowDirty";
            case VERSION_FROM_GIT_TAG -> "sem.version.fromGitTag";
            case TAG -> "sem.tag";
            case VERIFY_URL -> "sem.verify.url";
            case VERIFY_PROVIDER -> "sem.verify.provider";
            case PACKAGE -> "sem.package";
            case FILES -> "sem.files";
            case MODE -> "sem.mode";
            case AUTO_COMMIT -> "sem.autoCommit";
            case OWNER -> "sem.owner";
            case USAGE -> "sem.usage";
            case ALLOW_TYPES_IN_FILE_DEPLOY -> "sem.allowTypesInFileDeploy";
            case ALLOW_TYPES_IN_OVERWRITE -> "sem.allowTypesInOverwrite";
            case ALLOW_CASCADE_OUTSIDE -> "sem.allowCascadeOutside";
            case RERUN_TABLE_SCRIPTS -> "sem.rerunTableScripts";
            case LOCK_TIMEOUT -> "sem.lockTimeout";
            case LOCK_RETRIES -> "sem.lockRetries";
            case STATEMENT_TIMEOUT -> "sem.statementTimeout";
            case ADD_CONFIG -> "sem.addConfig";
            case UPGRADE -> "sem.upgrade";
            case CONFIRM_UNINSTALL -> "sem.confirmUninstall";
            case QUERY -> "sem.query";
            case MAX_ITERATIONS -> "sem.maxIterations";
            case PAUSE -> "sem.pause";
            case FORCE -> "sem.force";
            case DROP_PGPM -> "sem.dropPgpm";
            case DATABASE_SCOPE -> "sem.databaseScope";
            case PSQL -> "sem.psql";
        };
    }

    /** {@code message} as the Maven user reads it: each option named by its flag. */
    static String render(Message message) {
        return message.render(FLAGS);
    }
}

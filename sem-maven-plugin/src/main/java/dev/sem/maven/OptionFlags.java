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
            case DIR -> "sem.dir";
            case TARBALL -> "sem.tarball";
            case ACCEPT -> "sem.accept";
            case ACCEPT_REASON -> "sem.acceptReason";
            case LATE_POLICY -> "sem.latePolicy";
            case LOCK_WAIT -> "sem.lockWait";
            case RESUME_UNKNOWN -> "sem.resumeUnknown";
            case PACKAGE_ALLOW_DIRTY -> "sem.package.allowDirty";
            case VERSION_FROM_GIT_TAG -> "sem.version.fromGitTag";
            case VERIFY_URL -> "sem.verify.url";
            case VERIFY_PROVIDER -> "sem.verify.provider";
        };
    }

    /** {@code message} as the Maven user reads it: each option named by its flag. */
    static String render(Message message) {
        return message.render(FLAGS);
    }
}

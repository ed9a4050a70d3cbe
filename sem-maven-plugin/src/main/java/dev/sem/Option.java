package dev.sem;

/**
 * An engine option that a message can suggest setting. The engine names it by {@link #key()} only; a front end spells
 * it the way its users set it (the Maven layer as a {@code -D} user property).
 */
public enum Option {
    DIR("dir"),
    TARBALL("tarball"),
    ACCEPT("accept"),
    ACCEPT_REASON("acceptReason"),
    LATE_POLICY("latePolicy"),
    LOCK_WAIT("lockWait"),
    RESUME_UNKNOWN("resumeUnknown"),
    PACKAGE_ALLOW_DIRTY("package.allowDirty"),
    VERSION_FROM_GIT_TAG("version.fromGitTag"),
    VERIFY_URL("verify.url"),
    VERIFY_PROVIDER("verify.provider");

    private final String key;

    Option(String key) {
        this.key = key;
    }

    /** The option's name in engine messages, such as {@code resumeUnknown}. */
    public String key() {
        return key;
    }
}

package dev.sem.history;

/** Which sem (Ruby) release {@link RubySemFixture} imitates. */
public enum RubyRelease {
    /** 0.9.58, the reference release: three bootstrap rows, with the {@code versions} table. */
    V0_9_58,
    /** Any release before 0.9.58: two bootstrap rows, no {@code versions} table. */
    BEFORE_0_9_58
}

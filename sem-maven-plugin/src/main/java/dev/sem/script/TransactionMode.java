package dev.sem.script;

/** The value of the {@code transaction} attribute: how a script is wrapped. */
public enum TransactionMode {
    /** The default: the whole script runs in one transaction (psql {@code --single-transaction}). */
    SINGLE("single"),
    /** Each statement commits on its own (autocommit), for example for {@code CREATE INDEX CONCURRENTLY}. */
    NONE("none");

    private final String value;

    TransactionMode(String value) {
        this.value = value;
    }

    /** The attribute value as written in a script: {@code single} or {@code none}. */
    public String value() {
        return value;
    }
}

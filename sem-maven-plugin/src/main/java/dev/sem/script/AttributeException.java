package dev.sem.script;

import dev.sem.SemException;

/** A {@code -- sem.attribute.} line that sem (Ruby) would refuse, or a near miss in strict mode. */
public class AttributeException extends SemException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    public AttributeException(String file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    /** The script's path as given to {@link ScriptAttributes#parse}. */
    public String file() {
        return file;
    }

    /** The 1-based line of the offending attribute. */
    public int line() {
        return line;
    }
}

package dev.sem.script;

/**
 * Something suspicious in the script folder or in a script that does not stop the run (unless a strict setting says
 * so).
 *
 * @param file the file's path as given to the scanner or parser
 * @param line the 1-based line, or 0 when the warning is about the whole file
 * @param message the complete one-line message, which already names the file (and line)
 */
public record Warning(String file, int line, String message) {

    @Override
    public String toString() {
        return message;
    }
}

package dev.sem.pkg;

/** The folders of a package, in execution order of a full deploy (pgpm spec §6.3), with their descriptor keys. */
public enum Category {
    TYPES("types_path"),
    TABLES("tables_path"),
    FUNCTIONS("functions_path"),
    VIEWS("views_path"),
    TRIGGERS("triggers_path");

    private final String key;

    Category(String key) {
        this.key = key;
    }

    /** The descriptor key naming this category's folders, such as {@code functions_path}. */
    public String key() {
        return key;
    }
}

package dev.sem.db;

import java.util.Optional;

/**
 * Asks the person running sem for a database password when the server requests one and no source gave one (sem
 * (Ruby)'s {@code --password}). The front end supplies it (the Maven layer only in interactive mode, with a console);
 * the answer is used for the connection and never logged.
 */
@FunctionalInterface
public interface PasswordPrompt {

    /**
     * Asks for the password of {@code target}.
     *
     * @param target who connects where, {@code user@host:port/database} (no secret)
     * @return the password, or empty when none was given (then the connection fails as without a prompt)
     */
    Optional<String> ask(String target);
}

package dev.sem.sql;

/** One executable piece of a script, in execution order: a SQL statement or a {@code \echo}. */
public sealed interface Unit permits SqlStatement, Echo {}

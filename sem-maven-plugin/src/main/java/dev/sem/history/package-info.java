/**
 * The sem history schema {@code schema_evolution_manager}: its bootstrap ({@link dev.sem.history.Bootstrap}), which
 * leaves the same objects as sem (Ruby) 0.9.58 plus the hardened helper functions and the Java-only {@code sem_java_*}
 * side tables, and the reads and writes of that history ({@link dev.sem.history.History}). Plain JDBC on PostgreSQL
 * 13 and later; no Maven types.
 */
package dev.sem.history;

package dev.sem.script;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A checksum that is known, or is being computed on a thread of its own (the checksums of a large script, while sem
 * goes on: its lines are split meanwhile, its COPY data sent). {@link #get()} waits for it.
 */
final class Later {

    private final CompletableFuture<String> value;

    private Later(CompletableFuture<String> value) {
        this.value = value;
    }

    static Later of(String value) {
        return new Later(CompletableFuture.completedFuture(value));
    }

    /** Daemon threads, one per processor: many large scripts are hashed a few at a time. */
    private static final class Pool {
        static final ExecutorService THREADS =
                Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                    Thread t = new Thread(r, "sem-checksum");
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Starts {@code task} on a daemon thread. */
    static Later compute(Supplier<String> task) {
        return new Later(CompletableFuture.supplyAsync(task, Pool.THREADS));
    }

    /** The value; what the task threw is thrown here. */
    String get() {
        try {
            return value.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}

package org.envgate.common;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes an {@link Error} (out of memory, stack overflow, a broken class path) end the process
 * instead of the one thread it happened in: a daemon with a dead worker thread stays up, looks
 * healthy to systemd and does nothing, while a process that exits with status 1 is restarted.
 */
public final class Fatal {

    /** Written if even the line naming the error cannot be built (the heap is exhausted). */
    private static final String FALLBACK = "fatal: an Error in a thread; exiting with status 1 so the service is restarted";

    private Fatal() {
    }

    /**
     * Installs the default handler for uncaught throwables: an {@link Error} halts the process,
     * anything else is printed as Java does by default and ends only its thread. Call it first in {@code main}.
     */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler((thread, thrown) -> {
            if (thrown instanceof Error error) {
                halt(thread, error);
            }
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            thrown.printStackTrace(System.err);
        });
    }

    /**
     * A pool for a library that runs its threads as submitted tasks (Paho's receiver, sender and
     * callback), where an Error would end up unread in a {@link Future}: here it halts the process.
     * Its threads are daemons named {@code name-N}.
     */
    public static ScheduledExecutorService threads(int size, String name) {
        AtomicInteger count = new AtomicInteger();
        return new ScheduledThreadPoolExecutor(size, task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }) {
            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                super.afterExecute(task, thrown);
                if (thrown == null && task instanceof Future<?> future && future.isDone() && !future.isCancelled()) {
                    try {
                        future.get();
                    } catch (ExecutionException e) {
                        thrown = e.getCause();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (thrown instanceof Error error) {
                    halt(Thread.currentThread(), error);
                }
            }
        };
    }

    /**
     * Writes one line naming the thread and the error to standard error (the journal) and halts
     * with status 1, without shutdown hooks: after an Error nothing in the process can be trusted
     * to finish, and whatever is not acknowledged is delivered again after the restart.
     */
    public static void halt(Thread thread, Error error) {
        try {
            System.err.println("fatal: " + LogText.untrusted(String.valueOf(error), 200) + " in thread "
                    + LogText.untrusted(thread.getName()) + "; exiting with status 1 so the service is restarted");
            System.err.flush();
        } catch (Throwable cannotEvenWrite) {
            System.err.println(FALLBACK);
        } finally {
            Runtime.getRuntime().halt(1);
        }
    }
}

package org.envgate.ingest.testing;

import java.time.Duration;

/** Polls a condition until it holds, or fails the test naming what it waited for. */
public final class Await {

    /** A condition that may need I/O to check. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    public static void until(Check check, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(100);
        }
    }
}

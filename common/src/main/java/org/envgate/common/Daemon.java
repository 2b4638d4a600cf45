package org.envgate.common;

import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;

/** Keeps a started service running until SIGTERM or Ctrl-C, then closes it cleanly. */
public final class Daemon {

    private Daemon() {
    }

    /** Returns once the service has been closed by a stop signal. */
    public static void runUntilStopped(AutoCloseable service) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("stopping (signal received)");
            try {
                service.close();
            } catch (Exception e) {
                Logger.error("stopping failed: {}", e.getMessage());
            }
            stopped.countDown();
        }, "shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

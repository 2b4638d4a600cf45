package org.envgate.link;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;

/** Test helpers around {@link Link#read}. */
final class Reads {

    private Reads() {
    }

    /** Reads until {@code count} bytes came, or returns fewer when the link stays silent for {@code within}. */
    static byte[] readUpTo(Link link, int count, Duration within) throws IOException {
        byte[] buffer = new byte[count];
        int filled = 0;
        while (filled < count) {
            int n = link.read(buffer, filled, count - filled, within);
            if (n == 0) {
                break;
            }
            filled += n;
        }
        return Arrays.copyOf(buffer, filled);
    }

    /** Waits until {@code condition} holds, failing after a generous bound. */
    static void await(String what, IoCondition condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @FunctionalInterface
    interface IoCondition {
        boolean holds() throws IOException;
    }
}

package org.envgate.common.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCeilingWithJitterInTheUpperHalf() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(7));
        long window = 1000;
        for (int i = 0; i < 12; i++) {
            long wait = backoff.next().toMillis();
            assertTrue(wait >= window / 2 && wait <= window, "attempt " + i + ": " + wait + " not in [" + window / 2 + ", " + window + "]");
            window = Math.min(60_000, window * 2);
        }
    }

    @Test
    void jitterSpreadsGatewaysApart() {
        Set<Long> waits = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(seed));
            backoff.next();
            backoff.next();
            waits.add(backoff.next().toMillis());
        }
        assertTrue(waits.size() > 15, "20 gateways should not wait the same: " + waits);
    }

    @Test
    void resetStartsAgainFromTheFirstWait() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1));
        for (int i = 0; i < 8; i++) {
            backoff.next();
        }
        backoff.reset();
        assertTrue(backoff.next().toMillis() <= 1000);
        long second = backoff.next().toMillis();
        assertTrue(second >= 1000 && second <= 2000, "second wait after a reset: " + second);
    }
}

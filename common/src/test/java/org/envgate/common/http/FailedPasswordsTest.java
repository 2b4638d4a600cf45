package org.envgate.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The waits after wrong passwords, on a clock the test sets. */
class FailedPasswordsTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L);
    private final FailedPasswords failed = new FailedPasswords(now::get);

    private void pass(Duration time) {
        now.addAndGet(time.toNanos());
    }

    @Test
    void theWaitDoublesFromOneSecondToFifteenMinutes() {
        for (int i = 0; i < FailedPasswords.FREE; i++) {
            assertEquals(OptionalLong.empty(), failed.failed("10.0.0.9"), "free try " + i);
        }
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            long wait = failed.failed("10.0.0.9").orElseThrow();
            waits.add(wait);
            assertEquals(wait, failed.retryAfter("10.0.0.9").orElseThrow());
            pass(Duration.ofSeconds(wait));
            assertTrue(failed.retryAfter("10.0.0.9").isEmpty(), "free to try again after " + wait + " s");
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 900L, 900L, 900L), waits);
    }

    @Test
    void aClientQuietForFifteenMinutesStartsAfresh() {
        for (int i = 0; i <= FailedPasswords.FREE; i++) {
            failed.failed("10.0.0.9");
        }
        pass(Duration.ofSeconds(1).plusMinutes(15));
        assertEquals(OptionalLong.of(2), failed.failed("10.0.0.9"), "15 minutes after its wait ended it is still known");
        pass(Duration.ofSeconds(2).plusMinutes(15).plusSeconds(1));
        assertEquals(OptionalLong.empty(), failed.failed("10.0.0.9"), "its free tries are back");
    }

    @Test
    void theRightPasswordClearsTheClient() {
        for (int i = 0; i < FailedPasswords.FREE; i++) {
            failed.failed("10.0.0.9");
        }
        failed.succeeded("10.0.0.9");
        assertEquals(OptionalLong.empty(), failed.failed("10.0.0.9"));
    }

    @Test
    void atMostSoManyClientsAreRemembered() {
        for (int i = 0; i < 5_000; i++) {
            failed.failed("client-" + i);
        }
        assertEquals(FailedPasswords.MAX_CLIENTS, failed.remembered());
    }
}

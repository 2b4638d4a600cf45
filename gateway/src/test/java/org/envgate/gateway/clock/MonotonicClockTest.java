package org.envgate.gateway.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Held readings are timed after a restart only if the monotonic clock is the same in every process of a boot. */
class MonotonicClockTest {

    /** Run in a second JVM: prints its boot and its monotonic clock. */
    public static void main(String[] args) {
        MonotonicClock clock = MonotonicClock.system();
        System.out.println(clock.boot() + " " + clock.millis());
    }

    @Test
    void anotherProcessOfThisBootReadsTheSameClock() throws Exception {
        MonotonicClock here = MonotonicClock.system();
        long before = here.millis();
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MonotonicClockTest.class.getName())
                .redirectErrorStream(true).start();
        String[] answer = new String(other.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ");
        long after = here.millis();
        assertEquals(0, other.waitFor());
        assertEquals(here.boot(), answer[0]);
        long there = Long.parseLong(answer[1]);
        assertTrue(before <= there && there <= after, "the other process read " + there + ", between " + before
                + " and " + after + " here");
    }

    @Test
    void theBootIsTheKernels() throws Exception {
        assertEquals(Files.readString(MonotonicClock.BOOT_ID).trim(), MonotonicClock.system().boot());
    }
}

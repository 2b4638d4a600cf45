package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.envgate.gateway.clock.ClockWatch;
import org.envgate.gateway.clock.Stamp;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.gateway.testing.ManualClocks;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readings taken before the clock is trusted reach the uplink with their true time, ahead of later ones. */
class BufferWriterTest {

    private static final Instant BUILT = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TRUE_START = Instant.parse("2026-12-01T04:00:00Z");

    @TempDir
    Path dir;

    private ManualClocks clocks;
    private ClockWatch watch;
    private Path flag;

    @BeforeEach
    void aPiJustBootedWithItsClockAtThe2001Default() throws Exception {
        clocks = new ManualClocks(Instant.parse("2001-01-01T00:00:00Z"), 7_000, "boot-1");
        flag = Files.createDirectories(dir.resolve("timesync")).resolve("synchronized");
        watch = new ClockWatch(clocks.wall(), clocks.monotonic(), flag, BUILT);
        Files.createDirectories(dir.resolve("buffer"));
    }

    /** Both sensors read once; the clocks move on one second. */
    private List<TakenReading> readBoth(int n) {
        Stamp stamp = watch.stamp();
        List<TakenReading> taken = new ArrayList<>();
        for (String sensor : List.of("pm", "co2-box")) {
            Reading r = new Reading(sensor, sensor.equals("pm") ? Quantity.PM2_5 : Quantity.CO2, n, stamp.wallMillis());
            taken.add(new TakenReading(r, stamp.monoMillis(), stamp.trusted()));
        }
        clocks.advance(Duration.ofSeconds(1));
        return taken;
    }

    private void synchronize() throws Exception {
        long sinceStart = clocks.monotonic().millis() - 7_000;
        clocks.setWall(TRUE_START.plusMillis(sinceStart));
        Files.createFile(flag);
    }

    private static boolean await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Test
    void heldReadingsGoFirstWithTheirTrueTimeWhenATimedReadingArrives() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(new StorageConfig(dir.resolve("buffer"), StorageConfig.DEFAULT_MAX_SIZE,
                WhenFull.DROP_OLDEST))) {
            AtomicInteger commits = new AtomicInteger();
            List<TakenReading> group = new ArrayList<>();
            for (int n = 0; n < 5; n++) {
                group.addAll(readBoth(n));
            }
            synchronize();
            for (int n = 5; n < 8; n++) {
                group.addAll(readBoth(n));
            }
            try (BufferWriter writer = new BufferWriter(buffer, watch, commits::incrementAndGet)) {
                group.forEach(writer::accept);
                assertTrue(await(() -> buffer.count() == 16), "committed: " + buffer.count());
            }
            List<Reading> sent = buffer.oldest(100).readings();
            for (int i = 0; i < 16; i++) {
                Reading r = sent.get(i);
                assertEquals(i / 2, (int) r.value(), "in the order taken: " + sent);
                assertEquals(TRUE_START.plusSeconds(i / 2).toEpochMilli(), r.timeMillis(),
                        "read " + (i / 2) + " s after the true start: " + r);
            }
            assertEquals(0, buffer.untimed());
            assertTrue(commits.get() > 0, "the uplink was woken");
        }
    }

    @Test
    void heldReadingsAreTimedAsSoonAsTheClockIsTrustedEvenIfNoSensorReads() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(new StorageConfig(dir.resolve("buffer"), StorageConfig.DEFAULT_MAX_SIZE,
                WhenFull.DROP_OLDEST));
             BufferWriter writer = new BufferWriter(buffer, watch, () -> { })) {
            for (int n = 0; n < 3; n++) {
                readBoth(n).forEach(writer::accept);
            }
            assertTrue(await(() -> buffer.untimed() == 6), "held: " + buffer.untimed());
            Thread.sleep(300);
            assertEquals(0, buffer.count(), "nothing to send while the clock reads 2001");

            clocks.advance(Duration.ofMinutes(10));
            synchronize();
            assertTrue(await(() -> buffer.count() == 6), "timed: " + buffer.count());
            assertEquals(TRUE_START.toEpochMilli(), buffer.oldest(1).readings().get(0).timeMillis());
        }
    }
}

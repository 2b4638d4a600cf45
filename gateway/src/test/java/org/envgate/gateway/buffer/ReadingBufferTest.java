package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingBufferTest {

    @TempDir
    Path dir;

    private StorageConfig storage(long maxSize, WhenFull whenFull) {
        return new StorageConfig(dir, maxSize, whenFull);
    }

    private static List<Reading> readings(int from, int count) {
        List<Reading> list = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            list.add(new Reading(i % 2 == 0 ? "pm" : "co2-box", i % 2 == 0 ? Quantity.PM2_5 : Quantity.CO2,
                    i * 0.5, 1_700_000_000_000L + i * 1000L));
        }
        return list;
    }

    @Test
    void handsOutReadingsOldestFirstAndForgetsThemOnlyWhenRemoved() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(readings(0, 10));
            buffer.append(readings(10, 5));
            assertEquals(15, buffer.count());

            Batch first = buffer.oldest(6);
            assertEquals(readings(0, 6), first.readings());
            assertEquals(first, buffer.oldest(6), "not removed until acknowledged");

            buffer.remove(first);
            assertEquals(9, buffer.count());
            assertEquals(readings(6, 9), buffer.oldest(100).readings());
            assertEquals(1_700_000_006_000L, buffer.oldestTimeMillis().getAsLong());
        }
    }

    @Test
    void readingsPublishedButNeverAcknowledgedBeforeAStopAreCountedAsResentAtTheNextStart() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(readings(0, 100));
            assertEquals(0, buffer.unacknowledgedAtStart());
            Batch first = buffer.after(0, Long.MAX_VALUE, 30);
            Batch second = buffer.after(first.lastSeq(), Long.MAX_VALUE, 30);
            Batch third = buffer.after(second.lastSeq(), Long.MAX_VALUE, 30);
            // Three packs published, the first one acknowledged, then the process dies.
            buffer.removeAll(List.of(first), third.lastSeq());
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(70, buffer.count());
            assertEquals(60, buffer.unacknowledgedAtStart(), "the second and third packs go out again");
        }
    }

    @Test
    void keepsReadingsAcrossARestart() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(readings(0, 100));
            buffer.remove(buffer.oldest(40));
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(60, buffer.count());
            assertEquals(readings(40, 60), buffer.oldest(1000).readings());
            buffer.append(readings(100, 1));
            assertEquals(readings(40, 61), buffer.oldest(1000).readings(), "new readings queue behind the old ones");
        }
    }

    @Test
    void aCorruptBufferIsMovedAsideNotDeleted() throws Exception {
        byte[] garbage = "this is not an SQLite database, it is what a failing SD card left behind".repeat(100).getBytes();
        Files.write(dir.resolve(ReadingBuffer.FILE_NAME), garbage);

        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(0, buffer.count());
            buffer.append(readings(0, 3));
            assertEquals(3, buffer.oldest(10).size());
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith(ReadingBuffer.FILE_NAME + ".corrupt-")).toList();
            assertEquals(1, aside.size());
            assertTrue(java.util.Arrays.equals(garbage, Files.readAllBytes(aside.get(0))), "moved intact");
        }
    }

    @Test
    void aMissingStoragePathIsAClearError() {
        StorageConfig missing = new StorageConfig(dir.resolve("nope"), StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST);
        BufferException e = assertThrows(BufferException.class, () -> ReadingBuffer.open(missing));
        assertEquals("storage.path " + dir.resolve("nope") + " does not exist or is not a folder", e.getMessage());
    }

    @Test
    void whenFullTheOldestGiveWayAndAreCounted() throws Exception {
        long max = 1L << 20;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(max, WhenFull.DROP_OLDEST))) {
            int total = 0;
            for (int i = 0; i < 60; i++) {
                buffer.append(readings(total, 1000));
                total += 1000;
            }
            assertTrue(buffer.usedBytes() <= max, "used " + buffer.usedBytes());
            assertTrue(buffer.dropped() > 0);
            assertEquals(total, buffer.count() + buffer.dropped(), "every reading is either kept or counted as dropped");
            List<Reading> kept = buffer.oldest(Integer.MAX_VALUE).readings();
            assertEquals(readings(total - kept.size(), kept.size()), kept, "the newest are kept, in order");
        }
    }

    @Test
    void whenFullTheNewestAreRefusedAndCounted() throws Exception {
        long max = 1L << 20;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(max, WhenFull.DROP_NEWEST))) {
            int total = 0;
            for (int i = 0; i < 60; i++) {
                buffer.append(readings(total, 1000));
                total += 1000;
            }
            assertTrue(buffer.dropped() > 0);
            assertEquals(total, buffer.count() + buffer.dropped());
            List<Reading> kept = buffer.oldest(Integer.MAX_VALUE).readings();
            assertEquals(readings(0, kept.size()), kept, "the oldest are kept");
        }
    }

    /** Held readings as a sensor takes them with an untrusted clock: 2001 by the wall clock, one per second by the monotonic one. */
    private static List<TakenReading> untimed(int from, int count, long monoStart) {
        List<TakenReading> list = new ArrayList<>();
        for (Reading r : readings(from, count)) {
            long wrongTime = 978_307_200_000L + (r.timeMillis() - 1_700_000_000_000L);
            list.add(new TakenReading(new Reading(r.sensor(), r.quantity(), r.value(), wrongTime),
                    monoStart + (r.timeMillis() - 1_700_000_000_000L), false));
        }
        return list;
    }

    @Test
    void heldReadingsAreNotHandedOutUntilGivenTheirTimeThenGoFirstInTheOrderTaken() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.appendUntimed("boot-b", untimed(0, 6, 50_000));
            buffer.appendUntimed("boot-b", untimed(6, 4, 50_000));
            assertEquals(0, buffer.count(), "nothing to send");
            assertEquals(10, buffer.untimed());
            assertTrue(buffer.oldest(100).isEmpty(), "the uplink never sees a reading without a trusted time");

            // Synchronized: at monotonic 70 000 ms the wall clock reads 1 700 000 020 000 ms, 20 s after
            // the first held reading, which was taken at monotonic 50 000.
            ReadingBuffer.Released released = buffer.releaseUntimed("boot-b", 1_700_000_020_000L, 70_000);
            assertEquals(10, released.count());
            assertEquals(1_700_000_000_000L, released.oldestMillis());
            buffer.append(readings(10, 2));

            assertEquals(0, buffer.untimed());
            assertEquals(12, buffer.count());
            assertEquals(readings(0, 12), buffer.oldest(100).readings(),
                    "each held reading at the time it was really taken, in order, ahead of the newer ones");
        }
    }

    @Test
    void heldReadingsOfAnEarlierBootAreKeptButNeverTimed() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.appendUntimed("boot-a", untimed(0, 5, 900_000));
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(5, buffer.untimed(), "held readings survive a restart");
            buffer.appendUntimed("boot-b", untimed(5, 3, 10_000));
            assertEquals(Map.of("boot-a", 5L, "boot-b", 3L), buffer.untimedByBoot());

            // The monotonic clock of boot-b read 10 000 ms when the wall clock should have read 1 700 000 000 000 ms.
            ReadingBuffer.Released released = buffer.releaseUntimed("boot-b", 1_700_000_010_000L, 20_000);
            assertEquals(3, released.count());
            assertEquals(readings(5, 3), buffer.oldest(100).readings(), "only this boot's monotonic stamps mean anything now");
            assertEquals(5, buffer.untimed());
            assertEquals(Map.of("boot-a", 5L), buffer.untimedByBoot());
        }
    }

    @Test
    void aRestartWithinTheSameBootStillTimesWhatWasHeld() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.appendUntimed("boot-b", untimed(0, 4, 10_000));
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.releaseUntimed("boot-b", 1_700_000_100_000L, 110_000);
            assertEquals(readings(0, 4), buffer.oldest(100).readings());
        }
    }

    @Test
    void whenFullAnEarlierBootsHeldReadingsGiveWayFirst() throws Exception {
        long max = 1L << 20;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(max, WhenFull.DROP_OLDEST))) {
            buffer.appendUntimed("boot-a", untimed(0, 5_000, 0));
            buffer.append(readings(0, 5_000));
            int total = 10_000;
            for (int i = 0; i < 70; i++) {
                buffer.appendUntimed("boot-b", untimed(i * 1000, 1000, 0));
                total += 1000;
            }
            assertTrue(buffer.usedBytes() <= max, "used " + buffer.usedBytes());
            assertEquals(total, buffer.count() + buffer.untimed() + buffer.dropped(), "every reading kept or counted");
            assertEquals(Map.of("boot-b", buffer.untimed()), buffer.untimedByBoot(), "what can never be sent went first");
            assertEquals(0, buffer.count(), "then the oldest waiting to be sent");
            assertTrue(buffer.untimed() < 70_000, "then the oldest held: " + buffer.untimed());
        }
    }

    @Test
    void whenFullUnderDropNewestHeldReadingsAreRefusedAndCounted() throws Exception {
        long max = 1L << 20;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(max, WhenFull.DROP_NEWEST))) {
            int total = 0;
            for (int i = 0; i < 60; i++) {
                buffer.appendUntimed("boot-b", untimed(total, 1000, 0));
                total += 1000;
            }
            assertTrue(buffer.dropped() > 0);
            assertEquals(total, buffer.untimed() + buffer.dropped());
        }
    }
}

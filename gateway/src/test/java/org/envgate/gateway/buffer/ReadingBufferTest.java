package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
}

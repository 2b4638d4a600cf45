package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
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
    void aRemovalOfReadingsKeptForTheirOpenMinuteWritesNothingAndIsRecordedLater() throws Exception {
        long midMinute = 1_795_000_050_000L;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(List.of(new Reading("pm", Quantity.PM2_5, 1, midMinute), new Reading("pm", Quantity.PM10, 2, midMinute)));
            Batch sent = buffer.after(0, Long.MAX_VALUE, 10);
            buffer.removeAll(List.of(sent), sent.lastSeq());
            assertEquals(0, buffer.count(), "acknowledged, kept only for the open minute");
            assertEquals(0, publishedUpToInFile(), "nothing written for a removal that deletes nothing");
            buffer.append(List.of(new Reading("pm", Quantity.PM2_5, 3, midMinute + 1000)));
            buffer.removeAll(List.of(buffer.after(sent.lastSeq(), Long.MAX_VALUE, 10)), sent.lastSeq() + 1);
        }
        assertEquals(3, publishedUpToInFile(), "recorded by the close, with the minute");
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(List.of(new Reading("pm", Quantity.PM2_5, 4, midMinute + 2000)));
            assertEquals(4, buffer.lastSeq(), "sequence numbers go on from the recorded ones");
        }
    }

    private long publishedUpToInFile() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(ReadingBuffer.FILE_NAME));
             Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(value), 0) FROM meta WHERE key = 'published_up_to'")) {
            return rs.getLong(1);
        }
    }

    @Test
    void aGroupOfManyNewSeriesKeepsEachReadingsNames() throws Exception {
        List<Reading> group = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            group.add(new Reading("sensor-" + i % 100, i % 3 == 0 ? Quantity.CO2 : Quantity.PM2_5, i, 1_795_000_000_000L + i));
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(group);
            assertEquals(group, buffer.oldest(1000).readings());
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(group, buffer.oldest(1000).readings(), "after a restart too");
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

    /** Every flag, every test, a calibrated pass, a calibrated fail: what the uplink must send. */
    private static List<Reading> checkedReadings(long from) {
        return List.of(
                new Reading("pm", Quantity.PM2_5, 12.3, from, new Quality(QcFlag.PASS, Set.of(), 18)),
                new Reading("pm", Quantity.PM10, 20, from, new Quality(QcFlag.NOT_EVALUATED, Set.of(QcTest.WARM_UP), Double.NaN)),
                new Reading("pm", Quantity.PM1_0, 9, from + 1, new Quality(QcFlag.SUSPECT, EnumSet.allOf(QcTest.class), -0.5)),
                new Reading("co2-box", Quantity.CO2, 415, from + 2, new Quality(QcFlag.FAIL, Set.of(QcTest.SPIKE), Double.NaN)),
                new Reading("co2-box", Quantity.CO2, 416, from + 3, new Quality(QcFlag.FAIL, Set.of(), Double.NaN)),
                new Reading("co2-box", Quantity.CO2, 417, from + 4));
    }

    @Test
    void keepsEachReadingsQualityAndRawValue() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(checkedReadings(1_700_000_000_000L));
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(checkedReadings(1_700_000_000_000L), buffer.oldest(100).readings());
        }
    }

    @Test
    void heldReadingsKeepTheirQualityWhenTimed() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            List<TakenReading> held = new ArrayList<>();
            for (Reading r : checkedReadings(1_700_000_000_000L)) {
                held.add(new TakenReading(new Reading(r.sensor(), r.quantity(), r.value(), 0, r.quality()),
                        10_000 + r.timeMillis() - 1_700_000_000_000L, false));
            }
            buffer.appendUntimed("boot-q", held);
            buffer.releaseUntimed("boot-q", 1_700_000_000_000L, 10_000);
            assertEquals(checkedReadings(1_700_000_000_000L), buffer.oldest(100).readings());
        }
    }

    @Test
    void aBufferFromBeforeQualityIsUpgradedWithEveryReadingKept() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(ReadingBuffer.FILE_NAME));
             Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("CREATE TABLE series (id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, quantity TEXT NOT NULL, "
                    + "UNIQUE (sensor, quantity))");
            st.execute("CREATE TABLE reading (seq INTEGER PRIMARY KEY AUTOINCREMENT, series INTEGER NOT NULL, "
                    + "t INTEGER NOT NULL, v REAL NOT NULL)");
            st.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            st.execute("CREATE TABLE boot (id INTEGER PRIMARY KEY, boot_id TEXT NOT NULL UNIQUE)");
            st.execute("CREATE TABLE untimed (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL, "
                    + "boot INTEGER NOT NULL, mono_ms INTEGER NOT NULL, v REAL NOT NULL)");
            st.execute("INSERT INTO series VALUES (1, 'pm', 'pm2_5')");
            st.execute("INSERT INTO reading (series, t, v) VALUES (1, 1700000000000, 11), (1, 1700000001000, 12)");
            st.execute("INSERT INTO boot VALUES (1, 'boot-old')");
            st.execute("INSERT INTO untimed (series, boot, mono_ms, v) VALUES (1, 1, 5000, 13)");
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            assertEquals(2, buffer.count());
            assertEquals(1, buffer.untimed());
            buffer.append(checkedReadings(1_700_000_002_000L));
            List<Reading> expected = new ArrayList<>(List.of(
                    new Reading("pm", Quantity.PM2_5, 11, 1_700_000_000_000L),
                    new Reading("pm", Quantity.PM2_5, 12, 1_700_000_001_000L)));
            expected.addAll(checkedReadings(1_700_000_002_000L));
            assertEquals(expected, buffer.oldest(100).readings());
            buffer.releaseUntimed("boot-old", 1_700_000_010_000L, 6_000);
            assertEquals(new Reading("pm", Quantity.PM2_5, 13, 1_700_000_009_000L),
                    buffer.oldest(100).readings().get(expected.size()));
            buffer.transaction(db -> {
                ReadingBuffer.queueOutgoing(db, "aggregates", false, new byte[] {'[', ']'});
                return null;
            });
            assertEquals(1, buffer.outgoing(), "the upgraded buffer has an outbox");
        }
    }

    @Test
    void theOutboxKeepsMessagesInOrderAcrossAReopenUntilEachIsRemoved() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.transaction(db -> {
                ReadingBuffer.queueOutgoing(db, "aggregates", false, "first".getBytes());
                ReadingBuffer.queueOutgoing(db, "alerts/flood", true, "second".getBytes());
                return null;
            });
        }
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            Outgoing first = buffer.nextOutgoing(0).orElseThrow();
            assertEquals("aggregates", first.topic());
            assertEquals("first", new String(first.payload()));
            Outgoing second = buffer.nextOutgoing(first.seq()).orElseThrow();
            assertEquals("alerts/flood", second.topic());
            assertTrue(second.retain());
            buffer.removeOutgoing(first.seq());
            assertEquals(second.seq(), buffer.nextOutgoing(0).orElseThrow().seq());
            buffer.removeOutgoing(second.seq());
            assertEquals(0, buffer.outgoing());
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
    void aBlockThatCannotBeReadIsSetAsideAndTheReadingsAfterItStillGoOut() throws Exception {
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST))) {
            buffer.append(readings(0, 3));
            buffer.append(readings(3, 2));
            buffer.transaction(db -> {
                try (Statement st = db.createStatement()) {
                    return st.executeUpdate("UPDATE block SET body = x'01ff' WHERE first_seq = 1");
                }
            });
            assertEquals(readings(3, 2), buffer.oldest(100).readings());
            assertEquals(2, buffer.count());
            assertEquals(3, buffer.dropped(), "counted, never silently lost");
            long setAside = buffer.transaction(db -> {
                try (Statement st = db.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM damaged_block WHERE first_seq = 1 AND n = 3")) {
                    rs.next();
                    return rs.getLong(1);
                }
            });
            assertEquals(1, setAside, "kept for whoever looks into it");
        }
    }

    @Test
    void aMissingStoragePathIsAClearError() {
        StorageConfig missing = new StorageConfig(dir.resolve("nope"), StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST);
        BufferException e = assertThrows(BufferException.class, () -> ReadingBuffer.open(missing));
        assertTrue(e.getMessage().startsWith("storage.path " + dir.resolve("nope") + " does not exist or is not a folder"),
                e.getMessage());
    }

    @Test
    void whenFullTheOldestGiveWayAndAreCounted() throws Exception {
        long max = 1L << 20;
        try (ReadingBuffer buffer = ReadingBuffer.open(storage(max, WhenFull.DROP_OLDEST))) {
            int total = 0;
            for (int i = 0; i < 150; i++) {
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
            for (int i = 0; i < 150; i++) {
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

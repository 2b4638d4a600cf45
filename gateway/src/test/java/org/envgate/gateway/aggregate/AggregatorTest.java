package org.envgate.gateway.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.envgate.gateway.aqi.Aqi;
import org.envgate.gateway.buffer.Outgoing;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.AggregatesConfig;
import org.envgate.gateway.config.AqiConfig;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.QcFlag;
import org.envgate.wire.QcTest;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Averages and the index from a real buffer: exact values at window edges, late readings, a restart. */
class AggregatorTest {

    private static final ZoneId HANOI = ZoneId.of("Asia/Ho_Chi_Minh");
    /** 10:00 local, 03:00 UTC. */
    private static final long T0 = ZonedDateTime.of(2026, 12, 3, 10, 0, 0, 0, HANOI).toInstant().toEpochMilli();
    private static final long S = 1000;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final Quality SUSPECT = new Quality(QcFlag.SUSPECT, Set.of(QcTest.SPIKE), Double.NaN);

    @TempDir
    Path dir;

    private ReadingBuffer open() throws Exception {
        return ReadingBuffer.open(new StorageConfig(dir, StorageConfig.DEFAULT_MAX_SIZE, WhenFull.DROP_OLDEST));
    }

    private static Aggregator aggregator(ReadingBuffer buffer, AqiConfig aqi) {
        return new Aggregator("gw-1", buffer, new AggregatesConfig(AggregatesConfig.DEFAULT_WINDOWS, HANOI), aqi,
                Map.of("pm", Duration.ofSeconds(10)));
    }

    private static Reading pm(long t, double v) {
        return new Reading("pm", Quantity.PM2_5, v, t);
    }

    /** The records queued, by name and time. */
    private static Map<String, Outbox.Rec> queued(ReadingBuffer buffer) throws Exception {
        Map<String, Outbox.Rec> byName = new TreeMap<>();
        for (Outbox.Rec rec : Outbox.records(buffer)) {
            byName.put(rec.name() + "@" + (rec.timeMillis() - T0) / M, rec);
        }
        return byName;
    }

    private static double value(Map<String, Outbox.Rec> records, String key) {
        Outbox.Rec rec = records.get(key);
        assertTrue(rec != null, key + " missing from " + records.keySet());
        return rec.value();
    }

    @Test
    void aMinuteIsSentOnceClosedWithMeanMinMaxCountOfPassedReadingsAndCover() throws Exception {
        try (ReadingBuffer buffer = open()) {
            buffer.append(List.of(pm(T0, 10), pm(T0 + 30 * S, 20),
                    new Reading("pm", Quantity.PM2_5, 90, T0 + M - 1, SUSPECT), pm(T0 + M, 40)));
            Aggregator aggregator = aggregator(buffer, AqiConfig.NONE);
            assertTrue(aggregator.run(T0 + M + Aggregator.GRACE_MS - 1).isEmpty(), "not closed yet");
            aggregator.run(T0 + M + Aggregator.GRACE_MS);
            Map<String, Outbox.Rec> records = queued(buffer);
            assertEquals(Set.of("gw-1/pm/pm2_5/mean_1m@0", "gw-1/pm/pm2_5/min_1m@0", "gw-1/pm/pm2_5/max_1m@0",
                    "gw-1/pm/pm2_5/count_1m@0", "gw-1/pm/pm2_5/cover_1m@0"), records.keySet());
            assertEquals(15, value(records, "gw-1/pm/pm2_5/mean_1m@0"));
            assertEquals(10, value(records, "gw-1/pm/pm2_5/min_1m@0"));
            assertEquals(20, value(records, "gw-1/pm/pm2_5/max_1m@0"));
            assertEquals(2, value(records, "gw-1/pm/pm2_5/count_1m@0"));
            assertEquals(2 * 10.0 / 60, value(records, "gw-1/pm/pm2_5/cover_1m@0"), 1e-12);
            assertEquals("ug/m3", records.get("gw-1/pm/pm2_5/mean_1m@0").fields().get("u"));
            assertEquals("count", records.get("gw-1/pm/pm2_5/count_1m@0").fields().get("u"));
            assertEquals("/", records.get("gw-1/pm/pm2_5/cover_1m@0").fields().get("u"));
            Outbox.acknowledgeAll(buffer);
            assertTrue(aggregator.run(T0 + M + Aggregator.GRACE_MS + 5 * S).isEmpty(), "sent once");
        }
    }

    @Test
    void aLateReadingSendsItsWindowsAgainCompleteUnderTheSameNameAndTime() throws Exception {
        try (ReadingBuffer buffer = open()) {
            Aggregator aggregator = aggregator(buffer, AqiConfig.NONE);
            buffer.append(List.of(pm(T0, 10), pm(T0 + 30 * S, 20), pm(T0 + 59 * M, 30)));
            aggregator.run(T0 + H + 5 * S);
            assertEquals(20, value(queued(buffer), "gw-1/pm/pm2_5/mean_1h@0"));
            Outbox.acknowledgeAll(buffer);

            buffer.append(List.of(pm(T0 + 10 * S, 60)));
            aggregator.run(T0 + H + 20 * S);
            Map<String, Outbox.Rec> again = queued(buffer);
            assertEquals(30, value(again, "gw-1/pm/pm2_5/mean_1m@0"));
            assertEquals(3, value(again, "gw-1/pm/pm2_5/count_1m@0"));
            assertEquals(30, value(again, "gw-1/pm/pm2_5/mean_1h@0"));
            assertEquals(60, value(again, "gw-1/pm/pm2_5/max_1h@0"));
            assertEquals(4, value(again, "gw-1/pm/pm2_5/count_1h@0"));
            assertEquals(T0, again.get("gw-1/pm/pm2_5/mean_1h@0").timeMillis());
            assertEquals(Set.of("1m@0", "1h@0"), names(again), "only the windows the late reading belongs to");
        }
    }

    private static Set<String> names(Map<String, Outbox.Rec> records) {
        Set<String> windows = new java.util.TreeSet<>();
        records.keySet().forEach(k -> windows.add(k.substring(k.lastIndexOf('_') + 1)));
        return windows;
    }

    @Test
    void theDayIsTheLocalDayAndSurvivesARestart() throws Exception {
        long midnight = ZonedDateTime.of(2026, 12, 4, 0, 0, 0, 0, HANOI).toInstant().toEpochMilli();
        try (ReadingBuffer buffer = open()) {
            buffer.append(List.of(pm(T0, 10), pm(midnight - 1, 30), pm(midnight, 1000)));
            aggregator(buffer, AqiConfig.NONE).run(midnight - H + 5 * S);
        }
        try (ReadingBuffer buffer = open()) {
            int before = Outbox.records(buffer).size();
            Aggregates made = aggregator(buffer, AqiConfig.NONE).run(midnight + 5 * S);
            long dayStart = ZonedDateTime.of(2026, 12, 3, 0, 0, 0, 0, HANOI).toInstant().toEpochMilli();
            WindowStats day = window(made, AggregateWindow.DAY);
            assertEquals(20, day.mean());
            assertEquals(dayStart, day.startMillis());
            assertEquals(Set.of("pm/pm2_5/mean_1m", "pm/pm2_5/mean_1h", "pm/pm2_5/mean_24h"), made.windows().stream()
                    .map(w -> w.recordName(WindowStats.Stat.MEAN)).collect(java.util.stream.Collectors.toSet()),
                    "after the restart only the windows that closed since: the last minute and hour of the day, and the day");
            assertTrue(before > 0);
        }
    }

    @Test
    void theHourlyIndexComesFromTheNowCastOfTheLast12HoursAndIsAbsentWithTooFewHours() throws Exception {
        AqiConfig aqi = new AqiConfig(List.of(Aqi.VN), Map.of(Quantity.PM2_5, "pm"));
        try (ReadingBuffer buffer = open()) {
            Aggregator aggregator = aggregator(buffer, aqi);
            buffer.append(List.of(pm(T0 + 30 * M, 20)));
            aggregator.run(T0 + H + 5 * S);
            assertTrue(Outbox.records(buffer).stream().noneMatch(r -> r.name().contains("aqi")),
                    "one hour is not enough for a NowCast (2 of the last 3 hours are needed)");

            List<Reading> later = new ArrayList<>();
            for (int h = 1; h < 12; h++) {
                later.add(pm(T0 + h * H + 30 * M, 20));
            }
            buffer.append(later);
            aggregator.run(T0 + 12 * H + 5 * S);
            Map<String, Outbox.Rec> records = queued(buffer);
            Outbox.Rec index = records.get("gw-1/_station/aqi_vn_1h@" + 11 * 60);
            assertEquals(40, index.value(), "NowCast 20 ug/m3: VN_AQI 0-50 over 0-25 ug/m3");
            assertEquals(1, index.fields().get("cat"));
            assertEquals("pm2_5", index.fields().get("dom"));
            assertEquals(T0 + 11 * H, index.timeMillis());
        }
    }

    @Test
    void anHourWithoutReadingsGetsItsIndexWhen2OfThe3LatestHoursHaveData() throws Exception {
        AqiConfig aqi = new AqiConfig(List.of(Aqi.VN), Map.of(Quantity.PM2_5, "pm"));
        try (ReadingBuffer buffer = open()) {
            Aggregator aggregator = aggregator(buffer, aqi);
            buffer.append(List.of(pm(T0 + 30 * M, 20), pm(T0 + H + 30 * M, 20)));
            aggregator.run(T0 + 2 * H + 5 * S);
            // Hour 2 passes without a reading (the sensor unplugged); hours 0 and 1 are 2 of its 3 latest.
            aggregator.run(T0 + 3 * H + 5 * S);
            Map<String, Outbox.Rec> records = queued(buffer);
            assertEquals(40, value(records, "gw-1/_station/aqi_vn_1h@" + 2 * 60), "hour 2: " + records.keySet());
            // Hour 3 without a reading too: 1 of its 3 latest hours has data, so it has no index.
            aggregator.run(T0 + 4 * H + 5 * S);
            assertTrue(!queued(buffer).containsKey("gw-1/_station/aqi_vn_1h@" + 3 * 60), "absent, not zero");
        }
    }

    @Test
    void readingsHeldUntilTheClockWasTrustedCountInTheWindowsOfTheTimeTheyAreGiven() throws Exception {
        try (ReadingBuffer buffer = open()) {
            Aggregator aggregator = aggregator(buffer, AqiConfig.NONE);
            buffer.append(List.of(pm(T0 + 5 * S, 10)));
            aggregator.run(T0 + M + 5 * S);
            assertEquals(10, value(queued(buffer), "gw-1/pm/pm2_5/mean_1m@0"));
            Outbox.acknowledgeAll(buffer);
            // Taken at monotonic 1 000 and 2 000 ms; the clock is trusted at monotonic 61 000 = T0 + 80 s,
            // so they get T0 + 20 s and T0 + 21 s.
            buffer.appendUntimed("boot-a", List.of(new TakenReading(pm(0, 20), 1_000, false),
                    new TakenReading(new Reading("pm", Quantity.PM2_5, 500, 0, SUSPECT), 2_000, false)));
            buffer.releaseUntimed("boot-a", T0 + 80 * S, 61_000);
            aggregator.run(T0 + 90 * S);
            Map<String, Outbox.Rec> again = queued(buffer);
            assertEquals(15, value(again, "gw-1/pm/pm2_5/mean_1m@0"));
            assertEquals(2, value(again, "gw-1/pm/pm2_5/count_1m@0"));
            assertEquals(20, value(again, "gw-1/pm/pm2_5/max_1m@0"));
        }
    }

    @Test
    void theDailyIndexNeeds18HoursOfTheLocalDayAndUsesTheirMean() throws Exception {
        AqiConfig aqi = new AqiConfig(List.of(Aqi.VN, Aqi.US), Map.of(Quantity.PM2_5, "pm"));
        long day = ZonedDateTime.of(2026, 12, 3, 0, 0, 0, 0, HANOI).toInstant().toEpochMilli();
        long nextDay = day + 24 * H;
        try (ReadingBuffer buffer = open()) {
            Aggregator aggregator = aggregator(buffer, aqi);
            List<Reading> hours = new ArrayList<>();
            for (int h = 0; h < 17; h++) {
                hours.add(pm(day + h * H + 10 * M, 55.7));
            }
            buffer.append(hours);
            Aggregates made = aggregator.run(nextDay + 5 * S);
            assertTrue(made.indexes().stream().noneMatch(i -> i.window().equals(AggregateWindow.DAY)),
                    "17 hours are too few for a daily index");

            buffer.append(List.of(pm(day + 20 * H + 10 * M, 55.7)));
            made = aggregator.run(nextDay + 20 * S);
            StationIndex vn = index(made, "_station/aqi_vn_24h");
            assertEquals(110, vn.value(), "the decision's example 2.3.c: 24-hour mean 55.7 ug/m3");
            assertEquals(day, vn.startMillis());
            assertEquals(3, vn.category());
            StationIndex us = index(made, "_station/aqi_us_24h");
            assertEquals(Aqi.US.subIndex(Quantity.PM2_5, 55.7).value(), us.value());
        }
    }

    @Test
    void aLateHourSendsTheHourlyIndexAgainForItAndTheHoursWhoseNowCastHoldsIt() throws Exception {
        AqiConfig aqi = new AqiConfig(List.of(Aqi.VN), Map.of(Quantity.PM2_5, "pm"));
        try (ReadingBuffer buffer = open()) {
            Aggregator aggregator = aggregator(buffer, aqi);
            buffer.append(List.of(pm(T0 + 30 * M, 20), pm(T0 + 2 * H + 30 * M, 20), pm(T0 + 3 * H + 30 * M, 20)));
            Aggregates first = aggregator.run(T0 + 4 * H + 5 * S);
            assertEquals(List.of(T0 + 2 * H, T0 + 3 * H), indexTimes(first), "hour 1 is missing: hour 1 has 1 of 3, hour 2 has 2 of 3");
            Outbox.acknowledgeAll(buffer);

            buffer.append(List.of(pm(T0 + H + 30 * M, 80)));
            Aggregates again = aggregator.run(T0 + 4 * H + 20 * S);
            assertEquals(List.of(T0 + H, T0 + 2 * H, T0 + 3 * H), indexTimes(again));
            StationIndex hour3 = again.indexes().stream().filter(i -> i.recordName().equals("_station/aqi_vn_1h")
                    && i.startMillis() == T0 + 3 * H).findFirst().orElseThrow();
            // Means 20, 20, 80, 20 newest first: w* = 20/80 = 0.25, so w = 1/2.
            double nowCast = (20 + 0.5 * 20 + 0.25 * 80 + 0.125 * 20) / (1 + 0.5 + 0.25 + 0.125);
            assertEquals(Aqi.VN.subIndex(Quantity.PM2_5, nowCast).value(), hour3.value());
        }
    }

    private static List<Long> indexTimes(Aggregates made) {
        return made.indexes().stream().filter(i -> i.recordName().equals("_station/aqi_vn_1h"))
                .map(StationIndex::startMillis).sorted().toList();
    }

    private static StationIndex index(Aggregates made, String recordName) {
        return made.indexes().stream().filter(i -> i.recordName().equals(recordName)).findFirst().orElseThrow();
    }

    private static WindowStats window(Aggregates made, AggregateWindow length) {
        return made.windows().stream().filter(w -> w.window().equals(length)).findFirst().orElseThrow();
    }

    @Test
    void aMeanOfEqualValuesIsThatValueNotARoundingAboveIt() throws Exception {
        try (ReadingBuffer buffer = open()) {
            buffer.append(List.of(pm(T0, 0.1), pm(T0 + 10 * S, 0.1), pm(T0 + 20 * S, 0.1)));
            Aggregates made = aggregator(buffer, AqiConfig.NONE).run(T0 + M + 5 * S);
            assertEquals(0.1, window(made, AggregateWindow.MINUTE).mean(),
                    "0.1 + 0.1 + 0.1 is 0.30000000000000004; a third of it is above the max");
        }
    }

    @Test
    void everyPackQueuedIsOneTheWireCodecAcceptsWithTheSameValues() throws Exception {
        AqiConfig aqi = new AqiConfig(List.of(Aqi.VN, Aqi.US), Map.of(Quantity.PM2_5, "pm"));
        try (ReadingBuffer buffer = open()) {
            List<Reading> readings = new ArrayList<>();
            for (int h = 0; h < 3; h++) {
                readings.add(pm(T0 + h * H + 30 * M, 0.1));
                readings.add(pm(T0 + h * H + 31 * M, 35.5));
                readings.add(new Reading("pm", Quantity.PM2_5, 900, T0 + h * H + 32 * M, SUSPECT));
            }
            buffer.append(readings);
            aggregator(buffer, aqi).run(T0 + 3 * H + 5 * S);
            int windows = 0;
            int indexes = 0;
            long after = 0;
            for (Optional<Outgoing> next; (next = buffer.nextOutgoing(after)).isPresent(); ) {
                after = next.get().seq();
                Aggregates pack = AggregateCodec.decode("gw-1", next.get().payload(), T0 + 3 * H);
                for (WindowStats window : pack.windows()) {
                    if (window.window().name().equals("1h")) {
                        assertEquals(2, window.count());
                        assertEquals((0.1 + 35.5) / 2, window.mean(), 1e-12);
                        assertEquals(2 * 10.0 / 3600, window.cover(), 1e-12);
                    }
                    windows++;
                }
                indexes += pack.indexes().size();
            }
            assertEquals(3 * 3 + 3, windows, "1m windows at :30, :31, :32 of each hour (one without a passed reading), and each hour");
            assertEquals(2 * 2, indexes, "vn and us for the hours with 2 of the last 3 hours");
        }
    }

    @Test
    void aWindowTheWireCannotCarryIsLeftOutAndTheOtherWindowsAreStillSent() throws Exception {
        try (ReadingBuffer buffer = open()) {
            Reading beyondPlausible = new Reading("pm", Quantity.PM2_5, 25_000, T0 + 5 * S);
            buffer.append(List.of(beyondPlausible, pm(T0 + M + 5 * S, 12)));
            Aggregator aggregator = aggregator(buffer, AqiConfig.NONE);
            Aggregates made = aggregator.run(T0 + 2 * M + 5 * S);
            assertEquals(List.of(T0 + M), made.windows().stream().map(WindowStats::startMillis).toList());
            assertEquals(12, value(queued(buffer), "gw-1/pm/pm2_5/mean_1m@1"));
            Outbox.acknowledgeAll(buffer);
            assertTrue(aggregator.run(T0 + 2 * M + 10 * S).isEmpty(), "the window left out is not tried again");
        }
    }

    @Test
    void theOpenMinuteKeepsItsAcknowledgedReadingsUntilWrittenSoACutLosesNoneOfThem() throws Exception {
        Path cut = dir.resolve("cut");
        try (ReadingBuffer buffer = open()) {
            buffer.append(List.of(pm(T0 + 5 * S, 10), pm(T0 + 10 * S, 20)));
            buffer.remove(buffer.oldest(10));
            buffer.append(List.of(pm(T0 + 20 * S, 60)));
            assertEquals(1, buffer.count(), "acknowledged readings are not waiting to be sent");
            assertEquals(List.of(pm(T0 + 20 * S, 60)), buffer.oldest(10).readings(), "nor sent again");
            assertEquals(3, rowsHeld(buffer), "but stay while their minute is open");

            // The files as a power cut leaves them: the open minute exists only in memory and in the readings.
            Files.createDirectory(cut);
            for (String name : List.of(ReadingBuffer.FILE_NAME, ReadingBuffer.FILE_NAME + "-wal")) {
                Files.copy(dir.resolve(name), cut.resolve(name));
            }

            buffer.append(List.of(pm(T0 + M + 10 * S, 40)));
            assertEquals(2, rowsHeld(buffer), "a group past the minute writes it, and its acknowledged readings go");
            assertEquals(2, buffer.count());
        }
        try (ReadingBuffer restarted = ReadingBuffer.open(new StorageConfig(cut, StorageConfig.DEFAULT_MAX_SIZE,
                WhenFull.DROP_OLDEST))) {
            aggregator(restarted, AqiConfig.NONE).run(T0 + M + 5 * S);
            Map<String, Outbox.Rec> records = queued(restarted);
            assertEquals(30, value(records, "gw-1/pm/pm2_5/mean_1m@0"), "every reading of the minute, acknowledged or not");
            assertEquals(3, value(records, "gw-1/pm/pm2_5/count_1m@0"));
        }
    }

    @Test
    void aLateReadingWrittenAfterTheOpenMinutesFirstOneIsNotCountedAgainAfterACut() throws Exception {
        Path cut = dir.resolve("cut");
        try (ReadingBuffer buffer = open()) {
            buffer.append(List.of(pm(T0 + M + 5 * S, 40)));
            buffer.append(List.of(pm(T0 + 30 * S, 10)));
            Aggregator aggregator = aggregator(buffer, AqiConfig.NONE);
            aggregator.run(T0 + M + 10 * S);
            assertEquals(1, value(queued(buffer), "gw-1/pm/pm2_5/count_1m@0"));
            Files.createDirectory(cut);
            for (String name : List.of(ReadingBuffer.FILE_NAME, ReadingBuffer.FILE_NAME + "-wal")) {
                Files.copy(dir.resolve(name), cut.resolve(name));
            }
        }
        try (ReadingBuffer restarted = ReadingBuffer.open(new StorageConfig(cut, StorageConfig.DEFAULT_MAX_SIZE,
                WhenFull.DROP_OLDEST))) {
            Outbox.acknowledgeAll(restarted);
            restarted.append(List.of(pm(T0 + 25 * S, 20)));
            aggregator(restarted, AqiConfig.NONE).run(T0 + 2 * M + 5 * S);
            Map<String, Outbox.Rec> records = queued(restarted);
            assertEquals(2, value(records, "gw-1/pm/pm2_5/count_1m@0"), "the minute written before the cut, once, and the new late one");
            assertEquals(15, value(records, "gw-1/pm/pm2_5/mean_1m@0"));
            assertEquals(1, value(records, "gw-1/pm/pm2_5/count_1m@1"), "the open minute rebuilt from its reading");
        }
    }

    @Test
    void pastTheBoundOfUnwrittenReadingsTheOpenMinuteIsWrittenAsItStandsAndAddsUp() throws Exception {
        try (ReadingBuffer buffer = open()) {
            List<Reading> many = new ArrayList<>();
            for (int i = 0; i <= ReadingBuffer.MAX_UNWRITTEN_READINGS; i++) {
                many.add(pm(T0 + i * 10, 10));
            }
            buffer.append(many);
            buffer.remove(buffer.oldest(many.size()));
            assertEquals(0, rowsHeld(buffer), "written, so the acknowledged readings went at once");
            buffer.append(List.of(pm(T0 + 50 * S, 10 + many.size() + 1)));
            aggregator(buffer, AqiConfig.NONE).run(T0 + M + 5 * S);
            Map<String, Outbox.Rec> records = queued(buffer);
            assertEquals(many.size() + 1, value(records, "gw-1/pm/pm2_5/count_1m@0"));
            assertEquals(11, value(records, "gw-1/pm/pm2_5/mean_1m@0"), 1e-9);
        }
    }

    private static long rowsHeld(ReadingBuffer buffer) throws Exception {
        return buffer.transaction(db -> {
            try (var st = db.createStatement(); var rs = st.executeQuery("SELECT coalesce(sum(n), 0) FROM block")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

package org.envgate.gateway.aggregate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.envgate.gateway.aqi.Aqi;
import org.envgate.gateway.aqi.IndexValue;
import org.envgate.gateway.aqi.NowCast;
import org.envgate.gateway.aqi.SubIndex;
import org.envgate.gateway.buffer.BufferException;
import org.envgate.gateway.buffer.MinuteTable;
import org.envgate.gateway.buffer.ReadingBuffer;
import org.envgate.gateway.config.AggregatesConfig;
import org.envgate.gateway.config.AqiConfig;
import org.envgate.wire.AggregateCodec;
import org.envgate.wire.AggregateWindow;
import org.envgate.wire.Aggregates;
import org.envgate.wire.IndexScale;
import org.envgate.wire.Quantity;
import org.envgate.wire.StationIndex;
import org.envgate.wire.WindowStats;
import org.tinylog.Logger;

/**
 * Makes the averages of each window and the station's index once their window has closed, and
 * queues them in the buffer's outbox for {@code P/G/aggregates}.
 *
 * <p>Everything is built from the buffer's {@code minute} table (see {@link MinuteTable}), once
 * the buffer has written the minutes that closed, in one transaction per run that queues the
 * records and marks the minutes done: after a kill or a power cut a window is either queued or
 * still due, so it is sent at least once and its values come from the database, never from
 * memory alone. A reading that arrives for a window already sent
 * clears its minute's marks, so the window is sent again, complete, under the same name and time.
 */
public final class Aggregator {

    /** Readings reach the buffer within a second of being taken; a window closes for averaging this long after its end. */
    static final long GRACE_MS = 2_000;
    /** Minutes are kept this long: the longest window and the 12 hours before an hourly index, with room. */
    static final Duration KEEP = Duration.ofDays(3);
    private static final int MAX_RECORDS_PER_PACK = 500;
    /** A sensor no longer in the config has no interval: each of its readings counts as a minute covered. */
    private static final Duration UNKNOWN_INTERVAL = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final int INDEX_HOUR_BIT = 1 << AggregatesConfig.MAX_WINDOWS;
    private static final int INDEX_DAY_BIT = INDEX_HOUR_BIT << 1;
    static final String TOPIC = "aggregates";

    private enum Purpose { STATS, INDEX_HOUR, INDEX_DAY }

    private record Kind(String name, Duration length, int bit, Purpose purpose) {
    }

    /** The readings that passed QC in some minutes of one series: their count, sum, minimum and maximum. */
    private record Sums(long count, double sum, double min, double max) {

        OptionalDouble mean() {
            // The rounding of a long sum may put the quotient a hair outside the values it averages.
            return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.max(min, Math.min(max, sum / count)));
        }
    }

    private record Series(String sensor, Quantity quantity) {
    }

    private final String gatewayId;
    private final ReadingBuffer buffer;
    private final WindowClock clock;
    private final AqiConfig aqi;
    private final Map<String, Duration> intervals;
    private final List<Kind> kinds = new ArrayList<>();
    private volatile Latest latest = Latest.NONE;

    /**
     * @param intervals each sensor's interval, for the cover of its windows
     */
    public Aggregator(String gatewayId, ReadingBuffer buffer, AggregatesConfig aggregates, AqiConfig aqi,
                      Map<String, Duration> intervals) {
        this.gatewayId = gatewayId;
        this.buffer = buffer;
        this.clock = new WindowClock(aggregates.timeZone());
        this.aqi = aqi;
        this.intervals = Map.copyOf(intervals);
        for (int i = 0; i < aggregates.windows().size(); i++) {
            Duration length = aggregates.windows().get(i);
            kinds.add(new Kind(WindowClock.name(length), length, 1 << i, Purpose.STATS));
        }
        if (aqi.enabled()) {
            kinds.add(new Kind("aqi_1h", HOUR, INDEX_HOUR_BIT, Purpose.INDEX_HOUR));
            kinds.add(new Kind("aqi_24h", DAY, INDEX_DAY_BIT, Purpose.INDEX_DAY));
        }
    }

    /** The newest index values and hourly means made since start, for the status page. */
    public Latest latest() {
        return latest;
    }

    /**
     * Queues every window that has closed by {@code nowMillis} and is not yet queued, or got
     * readings since it was; one transaction.
     *
     * @param nowMillis a trusted wall-clock time
     * @return the windows and index values queued
     */
    public Aggregates run(long nowMillis) throws BufferException {
        buffer.writeMinutesBefore(MinuteTable.minuteOf(nowMillis - GRACE_MS));
        Aggregates made = buffer.transaction(db -> {
            long keptFrom = keep(db, nowMillis);
            Map<Integer, Series> series = series(db);
            List<WindowStats> windows = new ArrayList<>();
            List<StationIndex> indexes = new ArrayList<>();
            // Every kind's due windows are found before any is marked: marking clears a minute's
            // freshness, which the longer windows holding it must still see.
            List<Map<Integer, Set<Long>>> dueByKind = new ArrayList<>();
            List<Long> fromByKind = new ArrayList<>();
            for (Kind kind : kinds) {
                long from = Math.max(keptFrom, meta(db, "closed_" + kind.name(), keptFrom));
                fromByKind.add(from);
                dueByKind.add(due(db, kind, keptFrom, from, closedBefore(kind, nowMillis), series));
            }
            for (int i = 0; i < kinds.size(); i++) {
                Kind kind = kinds.get(i);
                long closedBefore = closedBefore(kind, nowMillis);
                switch (kind.purpose()) {
                    case STATS -> windows.addAll(stats(db, kind, dueByKind.get(i), series));
                    case INDEX_HOUR, INDEX_DAY -> indexes.addAll(index(db, kind, dueByKind.get(i), fromByKind.get(i),
                            closedBefore));
                }
                setMeta(db, "closed_" + kind.name(), Math.max(meta(db, "closed_" + kind.name(), 0), closedBefore));
            }
            for (Aggregates pack : packs(windows, indexes)) {
                ReadingBuffer.queueOutgoing(db, TOPIC, false, AggregateCodec.encode(gatewayId, pack));
            }
            return new Aggregates(windows, indexes);
        });
        latest = latest.with(made);
        return made;
    }

    /** Packs of at most {@link #MAX_RECORDS_PER_PACK} records, windows first, each window whole in one pack. */
    private static List<Aggregates> packs(List<WindowStats> windows, List<StationIndex> indexes) {
        List<Aggregates> packs = new ArrayList<>();
        List<WindowStats> packWindows = new ArrayList<>();
        List<StationIndex> packIndexes = new ArrayList<>();
        int records = 0;
        for (WindowStats window : windows) {
            int size = Aggregates.ofWindows(List.of(window)).recordCount();
            if (records + size > MAX_RECORDS_PER_PACK) {
                packs.add(new Aggregates(packWindows, packIndexes));
                packWindows.clear();
                records = 0;
            }
            packWindows.add(window);
            records += size;
        }
        for (StationIndex index : indexes) {
            if (records + 1 > MAX_RECORDS_PER_PACK) {
                packs.add(new Aggregates(packWindows, packIndexes));
                packWindows.clear();
                packIndexes.clear();
                records = 0;
            }
            packIndexes.add(index);
            records++;
        }
        if (records > 0) {
            packs.add(new Aggregates(packWindows, packIndexes));
        }
        return packs;
    }

    /** Windows of {@code kind} that start before this have closed. */
    private long closedBefore(Kind kind, long nowMillis) {
        return clock.start(nowMillis - GRACE_MS, kind.length());
    }

    /** Drops minutes older than {@link #KEEP}; a late reading for a window that old is sent but not averaged again. */
    private long keep(Connection db, long nowMillis) throws SQLException {
        long keptFrom = clock.start(nowMillis - KEEP.toMillis(), DAY);
        if (keptFrom > meta(db, "minute_kept_from", 0)) {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM minute WHERE start < ?")) {
                delete.setLong(1, keptFrom);
                delete.executeUpdate();
            }
            setMeta(db, "minute_kept_from", keptFrom);
        }
        return keptFrom;
    }

    /**
     * The windows of {@code kind} to queue, by series: those that closed since the last run
     * (minutes from {@code from} on) and those that got readings after they were queued
     * (minutes marked fresh, {@code done = 0}).
     */
    private Map<Integer, Set<Long>> due(Connection db, Kind kind, long keptFrom, long from, long closedBefore,
                                        Map<Integer, Series> series) throws SQLException {
        Map<Integer, Set<Long>> due = new HashMap<>();
        // Two narrow reads rather than one scan of every kept minute: the fresh minutes through
        // their own small index, and the minutes since the last run by the table's key.
        try (PreparedStatement fresh = db.prepareStatement(
                "SELECT series, start FROM minute INDEXED BY minute_fresh WHERE done = 0 AND start >= ? AND start < ?");
             PreparedStatement closed = db.prepareStatement(
                "SELECT series, start FROM minute WHERE start >= ? AND start < ? AND (done & ?) = 0")) {
            fresh.setLong(1, keptFrom);
            fresh.setLong(2, closedBefore);
            addDue(fresh, kind, series, due);
            closed.setLong(1, from);
            closed.setLong(2, closedBefore);
            closed.setInt(3, kind.bit());
            addDue(closed, kind, series, due);
        }
        return due;
    }

    private void addDue(PreparedStatement select, Kind kind, Map<Integer, Series> series, Map<Integer, Set<Long>> due)
            throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                int id = rs.getInt(1);
                if (!series.containsKey(id) || kind.purpose() != Purpose.STATS && !isPollutant(series.get(id))) {
                    continue;
                }
                due.computeIfAbsent(id, k -> new TreeSet<>()).add(clock.start(rs.getLong(2), kind.length()));
            }
        }
    }

    private boolean isPollutant(Series s) {
        return s != null && s.sensor().equals(aqi.sensors().get(s.quantity()));
    }

    private List<WindowStats> stats(Connection db, Kind kind, Map<Integer, Set<Long>> due, Map<Integer, Series> series)
            throws SQLException {
        List<WindowStats> windows = new ArrayList<>();
        AggregateWindow window = AggregateWindow.of(kind.length());
        for (Map.Entry<Integer, Set<Long>> entry : due.entrySet()) {
            Series s = series.get(entry.getKey());
            Duration interval = intervals.getOrDefault(s.sensor(), UNKNOWN_INTERVAL);
            for (long start : entry.getValue()) {
                long end = clock.end(start, kind.length());
                Sums sums = sums(db, entry.getKey(), start, end);
                markDone(db, kind, entry.getKey(), start, end);
                double cover = Math.min(1.0, (double) sums.count() * interval.toMillis() / (end - start));
                try {
                    windows.add(WindowStats.of(s.sensor(), s.quantity(), window, start, sums.count(), sums.sum(),
                            sums.min(), sums.max(), cover));
                } catch (IllegalArgumentException e) {
                    // What the wire cannot carry, ingest would refuse: the window is left out, not retried forever.
                    Logger.warn("averages: window of sensor {} not sent: {}", s.sensor(), e.getMessage());
                }
            }
        }
        return windows;
    }

    private static Sums sums(Connection db, int series, long start, long end) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT total(pass), total(sum), min(min), max(max) "
                + "FROM minute WHERE series = ? AND start >= ? AND start < ?")) {
            select.setInt(1, series);
            select.setLong(2, start);
            select.setLong(3, end);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new Sums((long) rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4));
            }
        }
    }

    private static void markDone(Connection db, Kind kind, int series, long start, long end) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE minute SET done = done | ? WHERE series = ? AND start >= ? AND start < ?")) {
            update.setInt(1, kind.bit());
            update.setInt(2, series);
            update.setLong(3, start);
            update.setLong(4, end);
            update.executeUpdate();
        }
    }

    /**
     * The station's index for each due hour or day. An hourly index looks back 12 hours, so an
     * hour that got late readings makes the closed hours after it due too; and every hour that
     * closed since {@code from} is due even without readings of its own, since the decision gives
     * an hour an index when 2 of the 3 latest hours have data.
     */
    private List<StationIndex> index(Connection db, Kind kind, Map<Integer, Set<Long>> due, long from,
                                     long closedBefore) throws SQLException {
        TreeSet<Long> starts = new TreeSet<>();
        due.values().forEach(starts::addAll);
        if (kind.purpose() == Purpose.INDEX_HOUR) {
            for (long start = clock.start(from, HOUR); start < closedBefore; start = clock.end(start, HOUR)) {
                starts.add(start);
            }
            for (long start : List.copyOf(starts)) {
                long next = clock.end(start, HOUR);
                for (int i = 1; i < NowCast.HOURS && next < closedBefore; i++) {
                    starts.add(next);
                    next = clock.end(next, HOUR);
                }
            }
        }
        Map<Quantity, Integer> pollutantSeries = pollutantSeries(db);
        AggregateWindow window = kind.purpose() == Purpose.INDEX_HOUR ? AggregateWindow.HOUR : AggregateWindow.DAY;
        List<StationIndex> records = new ArrayList<>();
        for (long start : starts) {
            long end = clock.end(start, kind.length());
            Map<Quantity, List<OptionalDouble>> means = new HashMap<>();
            for (Map.Entry<Quantity, Integer> p : pollutantSeries.entrySet()) {
                means.put(p.getKey(), kind.purpose() == Purpose.INDEX_HOUR
                        ? hourlyMeansNewestFirst(db, p.getValue(), start)
                        : hourlyMeansOfDay(db, p.getValue(), start, end));
                markDone(db, kind, p.getValue(), start, end);
            }
            for (Aqi index : aqi.indexes()) {
                List<SubIndex> subIndexes = new ArrayList<>();
                for (Map.Entry<Quantity, List<OptionalDouble>> m : means.entrySet()) {
                    Optional<SubIndex> sub = kind.purpose() == Purpose.INDEX_HOUR
                            ? index.hourly(m.getKey(), m.getValue()) : index.daily(m.getKey(), m.getValue());
                    sub.ifPresent(subIndexes::add);
                }
                IndexScale scale = IndexScale.byId(index.id()).orElseThrow();
                IndexValue.of(subIndexes).ifPresent(value -> records.add(new StationIndex(scale, window, start,
                        value.value(), value.category().number(), value.dominant())));
            }
        }
        return records;
    }

    private List<OptionalDouble> hourlyMeansNewestFirst(Connection db, int series, long hourStart) throws SQLException {
        List<OptionalDouble> means = new ArrayList<>();
        long start = hourStart;
        for (int i = 0; i < NowCast.HOURS; i++) {
            means.add(sums(db, series, start, clock.end(start, HOUR)).mean());
            start = clock.start(start - 1, HOUR);
        }
        return means;
    }

    private List<OptionalDouble> hourlyMeansOfDay(Connection db, int series, long dayStart, long dayEnd) throws SQLException {
        List<OptionalDouble> means = new ArrayList<>();
        for (long start = dayStart; start < dayEnd; start = clock.end(start, HOUR)) {
            means.add(sums(db, series, start, clock.end(start, HOUR)).mean());
        }
        return means;
    }

    private Map<Quantity, Integer> pollutantSeries(Connection db) throws SQLException {
        Map<Quantity, Integer> ids = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT id FROM series WHERE sensor = ? AND quantity = ?")) {
            for (Map.Entry<Quantity, String> p : aqi.sensors().entrySet()) {
                select.setString(1, p.getValue());
                select.setString(2, p.getKey().id());
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        ids.put(p.getKey(), rs.getInt(1));
                    }
                }
            }
        }
        return ids;
    }

    private static Map<Integer, Series> series(Connection db) throws SQLException {
        Map<Integer, Series> series = new HashMap<>();
        try (PreparedStatement select = db.prepareStatement("SELECT id, sensor, quantity FROM series");
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Optional<Quantity> quantity = Quantity.byId(rs.getString(3));
                if (quantity.isPresent()) {
                    series.put(rs.getInt(1), new Series(rs.getString(2), quantity.get()));
                }
            }
        }
        return series;
    }

    private static long meta(Connection db, String key, long defaultValue) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : defaultValue;
            }
        }
    }

    private static void setMeta(Connection db, String key, long value) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            upsert.setString(1, key);
            upsert.setLong(2, value);
            upsert.executeUpdate();
        }
    }
}

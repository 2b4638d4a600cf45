package org.envgate.gateway.buffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Reading;

/**
 * Per series and clock minute, the statistics the averages are built from: a row of
 * {@code minute} in the buffer, written once, when the minute has closed, and the minutes still
 * open held in memory until then.
 *
 * <p>A row holds {@code n} (readings of any flag), {@code pass} (readings flagged 1) and the sum,
 * minimum and maximum of those that passed. {@code done} has a bit per kind of window (see
 * {@code org.envgate.gateway.aggregate}) set once a window holding this minute was queued to be
 * sent; a write of new readings clears them, so a window that gets a late reading is sent again.
 * The key starts with the minute so that the rows written together lie together on one page.
 *
 * <p>Writing each series' row once a minute, instead of with every group commit, is what keeps
 * the averages from doubling what the SD card sees (bench/README.md). What memory holds is never
 * the only copy: every reading from sequence number {@link #unwrittenFrom()} on stays in the
 * buffer's blocks, sent or not, until its minute is written, and opening the buffer
 * rebuilds the open minutes from them. A late reading may be written before an open minute's
 * first one, so the last write is remembered too: it wrote every minute before {@code before}
 * up to sequence number {@code upTo}, and the rebuild leaves those out. Each write starts at
 * least where the last one did, so the last one covers every earlier one. All three numbers move
 * in the same transaction as the rows are written, so after a kill or a power cut each reading
 * is counted in its minute exactly once.
 *
 * <p>An instance is a value: a change makes a new one, which the buffer keeps once its
 * transaction committed, so a rolled-back transaction leaves memory as the database is.
 */
public final class MinuteTable {

    public static final long MINUTE_MS = 60_000;
    /**
     * A minute is written once a group holds a reading this long past its end: readings of
     * different sensors reach the buffer a little out of order, and a straggler written after its
     * minute costs a write of its own.
     */
    static final long CLOSE_AFTER_MS = 2_000;
    private static final String UNWRITTEN_FROM = "minute_unwritten_from";
    private static final String WRITTEN_BEFORE = "minute_written_before";
    private static final String WRITTEN_UP_TO = "minute_written_up_to";

    private static final String UPSERT = " ON CONFLICT (start, series) DO UPDATE SET n = n + excluded.n, "
            + "pass = pass + excluded.pass, sum = sum + excluded.sum, "
            + "min = min(coalesce(min, excluded.min), coalesce(excluded.min, min)), "
            + "max = max(coalesce(max, excluded.max), coalesce(excluded.max, max)), done = 0";

    private record Key(long start, int series) {
    }

    /** One series' readings in one minute not yet written; {@code firstSeq} is at or below the first one's. */
    private record Stats(long firstSeq, long n, long pass, double sum, double min, double max) {

        static final Stats NONE = new Stats(Long.MAX_VALUE, 0, 0, 0, Double.NaN, Double.NaN);

        Stats plus(long seq, double value, boolean passed) {
            if (!passed) {
                return new Stats(Math.min(firstSeq, seq), n + 1, pass, sum, min, max);
            }
            return new Stats(Math.min(firstSeq, seq), n + 1, pass + 1, sum + value,
                    Double.isNaN(min) ? value : Math.min(min, value), Double.isNaN(max) ? value : Math.max(max, value));
        }
    }

    private final Map<Key, Stats> open;
    private final long unwrittenFrom;
    private final long writtenBefore;
    private final long writtenUpTo;

    private MinuteTable(Map<Key, Stats> open, long unwrittenFrom, long writtenBefore, long writtenUpTo) {
        this.open = open;
        this.unwrittenFrom = unwrittenFrom;
        this.writtenBefore = writtenBefore;
        this.writtenUpTo = writtenUpTo;
    }

    /**
     * Creates the table; a buffer without the mark of what is written gets it at its newest
     * reading, since a buffer before this table was written with every commit holds no
     * reading whose minute is unwritten.
     */
    static void create(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS minute (start INTEGER NOT NULL, series INTEGER NOT NULL, "
                + "n INTEGER NOT NULL, pass INTEGER NOT NULL, sum REAL NOT NULL, min REAL, max REAL, "
                + "done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (start, series)) WITHOUT ROWID");
        // The minutes that got readings since the averages last looked: the newest and late ones.
        st.execute("CREATE INDEX IF NOT EXISTS minute_fresh ON minute (start) WHERE done = 0");
        st.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('" + UNWRITTEN_FROM + "', "
                + "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'reading'), 0) + 1)");
    }

    /** The open minutes as the buffer's readings from {@link #unwrittenFrom()} on make them. */
    static MinuteTable load(Connection db) throws SQLException {
        long from = meta(db, UNWRITTEN_FROM);
        long writtenBefore = meta(db, WRITTEN_BEFORE);
        long writtenUpTo = meta(db, WRITTEN_UP_TO);
        Map<Key, Stats> open = new HashMap<>();
        ReadingBlock.read(db, from - 1, Long.MAX_VALUE, (seq, series, t, v, qc, raw) -> {
            Key key = new Key(minuteOf(t), series);
            if (key.start() >= writtenBefore || seq > writtenUpTo) {
                open.put(key, open.getOrDefault(key, Stats.NONE).plus(seq, v, qc == 0));
            }
            return true;
        });
        return new MinuteTable(Map.copyOf(open), from, writtenBefore, writtenUpTo);
    }

    private static long meta(Connection db, String key) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void setMeta(PreparedStatement upsert, String key, long value) throws SQLException {
        upsert.setString(1, key);
        upsert.setLong(2, value);
        upsert.executeUpdate();
    }

    public static long minuteOf(long timeMillis) {
        return Math.floorDiv(timeMillis, MINUTE_MS) * MINUTE_MS;
    }

    /** The first sequence number whose reading may be in an unwritten minute: from there on, readings stay. */
    long unwrittenFrom() {
        return unwrittenFrom;
    }

    /** These plus a group of readings, of the series given in the same order, appended with sequence numbers from {@code firstSeq} on. */
    MinuteTable plus(List<Reading> readings, int[] series, long firstSeq) {
        Map<Key, Stats> next = new HashMap<>(open);
        for (int i = 0; i < series.length; i++) {
            Reading r = readings.get(i);
            Key key = new Key(minuteOf(r.timeMillis()), series[i]);
            next.put(key, next.getOrDefault(key, Stats.NONE).plus(firstSeq, r.value(), r.quality().flag() == QcFlag.PASS));
        }
        return new MinuteTable(Map.copyOf(next), unwrittenFrom, writtenBefore, writtenUpTo);
    }

    /**
     * Writes every minute that starts before {@code before}, or before the last write's start if
     * that is later, and moves {@link #unwrittenFrom()} to the first reading of a minute still
     * open, or to {@code nextSeq} when none is; the caller commits.
     *
     * @param before  epoch millis; {@code Long.MAX_VALUE} writes every minute
     * @param nextSeq the sequence number the next reading will get
     * @return what stays open
     */
    MinuteTable written(Connection db, long before, long nextSeq) throws SQLException {
        long writeBefore = Math.max(before, writtenBefore);
        Map<Key, Stats> stay = new HashMap<>();
        long from = nextSeq;
        try (PreparedStatement upsert = db.prepareStatement(
                "INSERT INTO minute (start, series, n, pass, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)" + UPSERT)) {
            for (Map.Entry<Key, Stats> entry : open.entrySet()) {
                Key key = entry.getKey();
                Stats stats = entry.getValue();
                if (key.start() >= writeBefore) {
                    stay.put(key, stats);
                    from = Math.min(from, stats.firstSeq());
                    continue;
                }
                upsert.setLong(1, key.start());
                upsert.setLong(2, key.series());
                upsert.setLong(3, stats.n());
                upsert.setLong(4, stats.pass());
                upsert.setDouble(5, stats.sum());
                setNullable(upsert, 6, stats.min());
                setNullable(upsert, 7, stats.max());
                upsert.addBatch();
            }
            if (stay.size() == open.size() && from == unwrittenFrom) {
                return this;
            }
            upsert.executeBatch();
        }
        // With nothing left open no reading from unwrittenFrom on is written, whatever the last
        // write's start; keeping that start keeps a write of everything from moving it to the end of time.
        long nextBefore = stay.isEmpty() ? writtenBefore : writeBefore;
        try (PreparedStatement upsert = db.prepareStatement(
                "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
            setMeta(upsert, UNWRITTEN_FROM, from);
            setMeta(upsert, WRITTEN_BEFORE, nextBefore);
            setMeta(upsert, WRITTEN_UP_TO, nextSeq - 1);
        }
        return new MinuteTable(Map.copyOf(stay), from, nextBefore, nextSeq - 1);
    }

    /**
     * Adds the held readings of a boot, with the time they are being given
     * ({@code wallMillis - (monoMillis - mono_ms)}), to their minutes' rows; the caller commits.
     */
    static void addHeld(Connection db, int boot, long wallMillis, long monoMillis) throws SQLException {
        try (PreparedStatement upsert = db.prepareStatement("INSERT INTO minute (start, series, n, pass, sum, min, max) "
                + "SELECT (t / " + MINUTE_MS + ") * " + MINUTE_MS + ", series, count(*), count(p), total(p), min(p), max(p) "
                + "FROM (SELECT series, ? - (? - mono_ms) AS t, CASE WHEN qc IS NULL THEN v END AS p "
                + "FROM untimed WHERE boot = ?) WHERE true GROUP BY 1, 2" + UPSERT)) {
            upsert.setLong(1, wallMillis);
            upsert.setLong(2, monoMillis);
            upsert.setInt(3, boot);
            upsert.executeUpdate();
        }
    }

    private static void setNullable(PreparedStatement st, int at, double value) throws SQLException {
        if (Double.isNaN(value)) {
            st.setNull(at, java.sql.Types.REAL);
        } else {
            st.setDouble(at, value);
        }
    }
}

package org.envgate.gateway.buffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Reading;

/**
 * Per series and clock minute, the statistics the averages are built from, kept in
 * {@code minute} beside the readings and updated in the same transaction as they are appended:
 * averages are rebuilt from the database after a crash, never from memory.
 *
 * <p>A row holds {@code n} (readings of any flag), {@code pass} (readings flagged 1) and the sum,
 * minimum and maximum of those that passed. {@code done} has a bit per kind of window (see
 * {@code org.envgate.gateway.aggregate}) set once a window holding this minute was queued to be
 * sent; any new reading clears them, so a window that gets a late reading is sent again.
 * The key starts with the minute so that the rows a commit touches lie together on one page.
 */
public final class MinuteTable {

    public static final long MINUTE_MS = 60_000;

    private static final String UPSERT = " ON CONFLICT (start, series) DO UPDATE SET n = n + excluded.n, "
            + "pass = pass + excluded.pass, sum = sum + excluded.sum, "
            + "min = min(coalesce(min, excluded.min), coalesce(excluded.min, min)), "
            + "max = max(coalesce(max, excluded.max), coalesce(excluded.max, max)), done = 0";

    private MinuteTable() {
    }

    static void create(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS minute (start INTEGER NOT NULL, series INTEGER NOT NULL, "
                + "n INTEGER NOT NULL, pass INTEGER NOT NULL, sum REAL NOT NULL, min REAL, max REAL, "
                + "done INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (start, series)) WITHOUT ROWID");
        // The minutes that got readings since the averages last looked: the open minute and late ones.
        st.execute("CREATE INDEX IF NOT EXISTS minute_fresh ON minute (start) WHERE done = 0");
    }

    public static long minuteOf(long timeMillis) {
        return Math.floorDiv(timeMillis, MINUTE_MS) * MINUTE_MS;
    }

    private static final class Stats {
        long n;
        long pass;
        double sum;
        double min = Double.NaN;
        double max = Double.NaN;
    }

    /** Adds a group of readings to their minutes; the caller commits. */
    static void add(Connection db, List<Reading> readings, ToIntFunction<Reading> series) throws SQLException {
        Map<List<Long>, Stats> byMinute = new LinkedHashMap<>();
        for (Reading r : readings) {
            Stats stats = byMinute.computeIfAbsent(List.of(minuteOf(r.timeMillis()), (long) series.applyAsInt(r)),
                    key -> new Stats());
            stats.n++;
            if (r.quality().flag() == QcFlag.PASS) {
                stats.pass++;
                stats.sum += r.value();
                stats.min = Double.isNaN(stats.min) ? r.value() : Math.min(stats.min, r.value());
                stats.max = Double.isNaN(stats.max) ? r.value() : Math.max(stats.max, r.value());
            }
        }
        try (PreparedStatement upsert = db.prepareStatement(
                "INSERT INTO minute (start, series, n, pass, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)" + UPSERT)) {
            for (Map.Entry<List<Long>, Stats> entry : byMinute.entrySet()) {
                Stats stats = entry.getValue();
                upsert.setLong(1, entry.getKey().get(0));
                upsert.setLong(2, entry.getKey().get(1));
                upsert.setLong(3, stats.n);
                upsert.setLong(4, stats.pass);
                upsert.setDouble(5, stats.sum);
                setNullable(upsert, 6, stats.min);
                setNullable(upsert, 7, stats.max);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /**
     * Adds the held readings of a boot, with the time they are being given
     * ({@code wallMillis - (monoMillis - mono_ms)}), to their minutes; the caller commits.
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

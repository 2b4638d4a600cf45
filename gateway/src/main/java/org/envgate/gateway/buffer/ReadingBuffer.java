package org.envgate.gateway.buffer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.envgate.common.config.ConfigMap;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.tinylog.Logger;

/**
 * The durable store between the sensors and the uplink: an SQLite database in WAL mode.
 *
 * <p>A reading is appended once and removed only after the broker acknowledged the message
 * that carried it. Rows are small (a series number, a time, a value) so that days of readings
 * fit on an SD card.
 *
 * <p>Durability: {@code synchronous=FULL} in WAL mode syncs the WAL on every commit, so a
 * committed group survives a process kill and a power cut; commits are grouped (one per
 * fraction of a second, see {@link BufferWriter}) so the syncs stay cheap.
 *
 * <p>Readings taken before the clock could be trusted are held apart, in {@code untimed}, with
 * their monotonic stamp; {@link #releaseUntimed} gives them their time and queues them to be
 * sent. {@link #count()} counts only readings ready to be sent, {@link #untimed()} the held ones.
 */
public final class ReadingBuffer implements AutoCloseable {

    public static final String FILE_NAME = "readings.db";
    private static final long DROP_LOG_EVERY_NANOS = 60_000_000_000L;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Connection db;
    private final long maxSize;
    private final WhenFull whenFull;
    private final Map<String, Integer> seriesIds = new HashMap<>();
    private final Map<Integer, String[]> seriesById = new HashMap<>();
    private final Map<String, Integer> bootIds = new HashMap<>();
    private long count;
    private long untimed;
    private long dropped;
    private long lastDropLogNanos;

    private ReadingBuffer(Path file, Connection db, long maxSize, WhenFull whenFull) throws SQLException {
        this.file = file;
        this.db = db;
        this.maxSize = maxSize;
        this.whenFull = whenFull;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, sensor, quantity FROM series")) {
            while (rs.next()) {
                seriesIds.put(rs.getString(2) + "/" + rs.getString(3), rs.getInt(1));
                seriesById.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM reading")) {
            rs.next();
            count = rs.getLong(1);
        }
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM untimed")) {
            rs.next();
            untimed = rs.getLong(1);
        }
    }

    /**
     * Opens the buffer in {@code storage.path}. A buffer file that cannot be read as a database
     * is moved aside (never deleted) and a fresh one started.
     */
    public static ReadingBuffer open(StorageConfig storage) throws BufferException {
        Path folder = storage.path();
        if (!Files.isDirectory(folder)) {
            throw new BufferException("storage.path " + folder + " does not exist or is not a folder");
        }
        if (!Files.isWritable(folder)) {
            throw new BufferException("storage.path " + folder + " is not writable by this user");
        }
        Path file = folder.resolve(FILE_NAME);
        try {
            return connect(file, storage);
        } catch (SQLException first) {
            Path aside = folder.resolve(FILE_NAME + ".corrupt-" + STAMP.format(Instant.now()));
            Logger.error("buffer {} is unreadable ({}); moving it aside to {} and starting a fresh buffer",
                    file, first.getMessage(), aside);
            try {
                Files.move(file, aside);
                for (String suffix : List.of("-wal", "-shm")) {
                    Path side = folder.resolve(FILE_NAME + suffix);
                    if (Files.exists(side)) {
                        Files.move(side, folder.resolve(aside.getFileName() + suffix));
                    }
                }
                return connect(file, storage);
            } catch (IOException | SQLException e) {
                throw new BufferException("cannot open buffer " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static ReadingBuffer connect(Path file, StorageConfig storage) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                    rs.next();
                    if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new SQLException("WAL journal mode refused (got " + rs.getString(1) + ")");
                    }
                }
                st.execute("PRAGMA synchronous=FULL");
                try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                    rs.next();
                    if (!"ok".equals(rs.getString(1))) {
                        throw new SQLException("integrity check failed: " + rs.getString(1));
                    }
                }
                st.execute("CREATE TABLE IF NOT EXISTS series ("
                        + "id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, quantity TEXT NOT NULL, UNIQUE (sensor, quantity))");
                st.execute("CREATE TABLE IF NOT EXISTS reading ("
                        + "seq INTEGER PRIMARY KEY, series INTEGER NOT NULL, t INTEGER NOT NULL, v REAL NOT NULL)");
                createUntimedTables(st);
            }
            db.setAutoCommit(false);
            db.commit();
            return new ReadingBuffer(file, db, storage.maxSize(), storage.whenFull());
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    /** Appends readings in one transaction: all of them are durable when this returns. */
    public synchronized void append(List<Reading> readings) throws BufferException {
        if (readings.isEmpty()) {
            return;
        }
        try {
            if (whenFull == WhenFull.DROP_NEWEST && usedBytes() >= maxSize) {
                countDropped(readings.size());
                return;
            }
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO reading (series, t, v) VALUES (?, ?, ?)")) {
                for (Reading r : readings) {
                    insert.setInt(1, seriesId(r.sensor(), r.quantity()));
                    insert.setLong(2, r.timeMillis());
                    insert.setDouble(3, r.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            count += readings.size();
            if (whenFull == WhenFull.DROP_OLDEST) {
                dropOldestWhileFull();
            }
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot write to buffer " + file + ": " + e.getMessage(), e);
        }
    }

    private void dropOldestWhileFull() throws SQLException {
        while (count > 0 && usedBytes() > maxSize) {
            long n = Math.max(100, count / 100);
            try (PreparedStatement delete = db.prepareStatement(
                    "DELETE FROM reading WHERE seq IN (SELECT seq FROM reading ORDER BY seq LIMIT ?)")) {
                delete.setLong(1, n);
                int removed = delete.executeUpdate();
                db.commit();
                count -= removed;
                countDropped(removed);
            }
        }
    }

    /** Counts dropped readings; says so in the log when it starts and then at most once a minute. */
    private void countDropped(long n) {
        dropped += n;
        long now = System.nanoTime();
        if (lastDropLogNanos == 0 || now - lastDropLogNanos > DROP_LOG_EVERY_NANOS) {
            lastDropLogNanos = now;
            Logger.warn("buffer {} is full (storage.max-size {} bytes): {} readings dropped so far, the {} ones "
                    + "(storage.when-full: {})", file, maxSize, dropped,
                    whenFull == WhenFull.DROP_OLDEST ? "oldest" : "newest", ConfigMap.kebab(whenFull));
        }
    }

    /** Bytes the buffer's pages hold; freed pages are reused before the file grows. */
    public synchronized long usedBytes() throws SQLException {
        try (Statement st = db.createStatement()) {
            long pages = scalar(st, "PRAGMA page_count") - scalar(st, "PRAGMA freelist_count");
            return pages * scalar(st, "PRAGMA page_size");
        }
    }

    private static long scalar(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int seriesId(String sensor, Quantity quantity) throws SQLException {
        String key = sensor + "/" + quantity.id();
        Integer id = seriesIds.get(key);
        if (id != null) {
            return id;
        }
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO series (sensor, quantity) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, sensor);
            insert.setString(2, quantity.id());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getInt(1);
            }
        }
        // Committed on its own, before any reading of the group is inserted, so the cache below
        // never names a series that a rolled-back group took with it.
        db.commit();
        seriesIds.put(key, id);
        seriesById.put(id, new String[] {sensor, quantity.id()});
        return id;
    }

    /** The oldest {@code max} readings, oldest first. */
    public synchronized Batch oldest(int max) throws BufferException {
        List<Reading> readings = new ArrayList<>();
        long first = -1;
        long last = -1;
        try (PreparedStatement select = db.prepareStatement(
                "SELECT seq, series, t, v FROM reading ORDER BY seq LIMIT ?")) {
            select.setInt(1, max);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    first = first < 0 ? seq : first;
                    last = seq;
                    String[] series = seriesById.get(rs.getInt(2));
                    Quantity quantity = Quantity.byId(series[1]).orElseThrow(
                            () -> new SQLException("buffer holds unknown quantity '" + series[1] + "'"));
                    readings.add(new Reading(series[0], quantity, rs.getDouble(4), rs.getLong(3)));
                }
            }
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read buffer " + file + ": " + e.getMessage(), e);
        }
        return new Batch(first, last, List.copyOf(readings));
    }

    /** Removes a batch the broker has acknowledged. */
    public synchronized void remove(Batch batch) throws BufferException {
        if (batch.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM reading WHERE seq BETWEEN ? AND ?")) {
            delete.setLong(1, batch.firstSeq());
            delete.setLong(2, batch.lastSeq());
            int removed = delete.executeUpdate();
            db.commit();
            count -= removed;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot remove sent readings from buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Readings waiting to be sent. */
    public synchronized long count() {
        return count;
    }

    /** Readings dropped because the buffer was full, since start. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Time of the oldest unsent reading. */
    public synchronized OptionalLong oldestTimeMillis() throws BufferException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT t FROM reading ORDER BY seq LIMIT 1")) {
            OptionalLong result = rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            db.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Readings taken while the clock could not be trusted wait in {@code untimed} with their
     * monotonic stamp and the boot it belongs to; the uplink never sees them. Boots are named
     * once in {@code boot} to keep the rows small.
     */
    private static void createUntimedTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS boot (id INTEGER PRIMARY KEY, boot_id TEXT NOT NULL UNIQUE)");
        st.execute("CREATE TABLE IF NOT EXISTS untimed (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL, "
                + "boot INTEGER NOT NULL, mono_ms INTEGER NOT NULL, v REAL NOT NULL)");
    }

    /**
     * Holds readings taken while the clock could not be trusted, in one transaction, until
     * {@link #releaseUntimed} gives them their time. When storage is full the policy applies to
     * them as to any reading; under {@code drop-oldest} an earlier boot's held readings, which
     * can never be timed, give way first, then the oldest readings waiting to be sent, then the
     * oldest held ones.
     *
     * @param boot the boot their monotonic stamps belong to
     */
    public synchronized void appendUntimed(String boot, List<TakenReading> readings) throws BufferException {
        if (readings.isEmpty()) {
            return;
        }
        try {
            if (whenFull == WhenFull.DROP_NEWEST && usedBytes() >= maxSize) {
                countDropped(readings.size());
                return;
            }
            int bootId = bootId(boot);
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO untimed (series, boot, mono_ms, v) VALUES (?, ?, ?, ?)")) {
                for (TakenReading taken : readings) {
                    Reading r = taken.reading();
                    insert.setInt(1, seriesId(r.sensor(), r.quantity()));
                    insert.setInt(2, bootId);
                    insert.setLong(3, taken.monoMillis());
                    insert.setDouble(4, r.value());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            untimed += readings.size();
            if (whenFull == WhenFull.DROP_OLDEST && usedBytes() > maxSize) {
                dropUntimedWhileFull("boot <> ?", bootId);
                dropOldestWhileFull();
                dropUntimedWhileFull("boot = ?", bootId);
            }
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot write to buffer " + file + ": " + e.getMessage(), e);
        }
    }

    private void dropUntimedWhileFull(String which, int bootId) throws SQLException {
        while (untimed > 0 && usedBytes() > maxSize) {
            int removed;
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM untimed WHERE seq IN "
                    + "(SELECT seq FROM untimed WHERE " + which + " ORDER BY seq LIMIT ?)")) {
                delete.setInt(1, bootId);
                delete.setLong(2, Math.max(100, untimed / 100));
                removed = delete.executeUpdate();
            }
            db.commit();
            if (removed == 0) {
                return;
            }
            untimed -= removed;
            countDropped(removed);
        }
    }

    /** What {@link #releaseUntimed} moved: how many readings, and the time of the oldest. */
    public record Released(long count, long oldestMillis) {
    }

    /**
     * Gives the held readings of {@code boot} their time and queues them to be sent, in one
     * transaction, in the order they were taken. Their time is derived once, here, from the
     * monotonic stamp they got when read and one trusted pair of stamps:
     * {@code t = wallMillis - (monoMillis - mono_ms)}.
     *
     * @param wallMillis a trusted wall-clock time
     * @param monoMillis the monotonic clock of {@code boot} at that same moment
     */
    public synchronized Released releaseUntimed(String boot, long wallMillis, long monoMillis) throws BufferException {
        try {
            int bootId = bootId(boot);
            long n;
            long oldestMono;
            try (PreparedStatement select = db.prepareStatement("SELECT count(*), min(mono_ms) FROM untimed WHERE boot = ?")) {
                select.setInt(1, bootId);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                    oldestMono = rs.getLong(2);
                }
            }
            if (n > 0) {
                try (PreparedStatement move = db.prepareStatement("INSERT INTO reading (series, t, v) "
                        + "SELECT series, ? - (? - mono_ms), v FROM untimed WHERE boot = ? ORDER BY seq");
                     PreparedStatement delete = db.prepareStatement("DELETE FROM untimed WHERE boot = ?")) {
                    move.setLong(1, wallMillis);
                    move.setLong(2, monoMillis);
                    move.setInt(3, bootId);
                    move.executeUpdate();
                    delete.setInt(1, bootId);
                    delete.executeUpdate();
                }
            }
            db.commit();
            count += n;
            untimed -= n;
            return new Released(n, n > 0 ? wallMillis - (monoMillis - oldestMono) : wallMillis);
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot time held readings in buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Readings held until the clock can be trusted, of this boot and of earlier ones. */
    public synchronized long untimed() {
        return untimed;
    }

    /** Held readings per boot id, e.g. to tell which ones an earlier boot left behind. */
    public synchronized Map<String, Long> untimedByBoot() throws BufferException {
        Map<String, Long> byBoot = new HashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT b.boot_id, count(*) FROM untimed u JOIN boot b ON b.id = u.boot GROUP BY b.boot_id")) {
            while (rs.next()) {
                byBoot.put(rs.getString(1), rs.getLong(2));
            }
            db.commit();
            return byBoot;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read buffer " + file + ": " + e.getMessage(), e);
        }
    }

    private int bootId(String boot) throws SQLException {
        Integer id = bootIds.get(boot);
        if (id != null) {
            return id;
        }
        try (PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO boot (boot_id) VALUES (?)");
             PreparedStatement select = db.prepareStatement("SELECT id FROM boot WHERE boot_id = ?")) {
            insert.setString(1, boot);
            insert.executeUpdate();
            select.setString(1, boot);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                id = rs.getInt(1);
            }
        }
        // Committed on its own, like a new series, so the cache never names a rolled-back row.
        db.commit();
        bootIds.put(boot, id);
        return id;
    }

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            Logger.warn("buffer {}: rollback failed: {}", file, e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            Logger.warn("buffer {}: close failed: {}", file, e.getMessage());
        }
    }
}

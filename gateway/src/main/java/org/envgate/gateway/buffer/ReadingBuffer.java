package org.envgate.gateway.buffer;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.envgate.common.config.ConfigMap;
import org.envgate.gateway.clock.TakenReading;
import org.envgate.gateway.config.StorageConfig;
import org.envgate.gateway.config.StorageConfig.WhenFull;
import org.envgate.wire.QcFlag;
import org.envgate.wire.Quality;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;
import org.envgate.wire.SenmlPackWriter;
import org.tinylog.Logger;

/**
 * The durable store between the sensors and the uplink: an SQLite database in WAL mode.
 *
 * <p>A reading is appended once and removed only after the broker acknowledged the message
 * that carried it. Readings are stored in blocks of up to {@value ReadingBlock#MAX_READINGS},
 * one row per block (see {@link ReadingBlock}): about 13 bytes a reading, so that days of
 * readings fit on an SD card, and few rows to write, read and delete per pack sent.
 *
 * <p>Durability: {@code synchronous=FULL} in WAL mode syncs the WAL on every commit, so a
 * committed group survives a process kill and a power cut; commits are grouped (one per
 * fraction of a second, see {@link BufferWriter}) so the syncs stay cheap.
 *
 * <p>Readings taken before the clock could be trusted are held apart, in {@code untimed}, with
 * their monotonic stamp; {@link #releaseUntimed} gives them their time and queues them to be
 * sent. {@link #count()} counts only readings ready to be sent, {@link #untimed()} the held ones.
 *
 * <p>An acknowledged reading whose minute is still open stays in the file, unseen by the uplink,
 * until its minute's statistics are written (see {@link MinuteTable}): after a crash the open
 * minute is rebuilt from it.
 */
public final class ReadingBuffer implements AutoCloseable {

    public static final String FILE_NAME = "readings.db";
    private static final long DROP_LOG_EVERY_NANOS = 60_000_000_000L;
    /**
     * The write-ahead log grows to about SQLite's automatic checkpoint (1000 pages of 4 KiB) and is
     * cut back to this after a checkpoint; the free-space reserve allows for it.
     */
    private static final long WAL_LIMIT_BYTES = 4L << 20;
    private static final String PUBLISHED_UP_TO = "published_up_to";
    private static final long MARK_PUBLISHED_EVERY_NANOS = 10_000_000_000L;
    /** The newest sequence number of a buffer written before blocks, kept so that none is given twice. */
    private static final String SEQ_BEFORE_BLOCKS = "seq_before_blocks";
    /** Matches no boot: readings held from any boot give way first. */
    private static final int NO_BOOT = -1;
    /** Disk space a reading takes (its share of a block), before the buffer holds enough to measure it. */
    private static final long ESTIMATED_BYTES_PER_READING = 16;
    private static final int PAGE_SIZE = 1024;
    /** A held reading's quality; trailing NULLs cost one header byte each: a good reading's row grows by two bytes. */
    private static final String QUALITY_COLUMNS = ", qc INTEGER, raw REAL";
    private static final int QC_FLAG_MASK = 0b111;
    private static final int QC_TEST_SHIFT = 3;
    /** Less free space than this when a write fails means the write failed for want of space. */
    private static final long DISK_FULL_BELOW = 1L << 20;
    /**
     * Readings whose minute is unwritten, beyond which the open minutes are written as they
     * stand (their rows add up) so the acknowledged ones can go: a reading kept for a whole
     * minute is written to the database file before its removal is, which costs more than a
     * minute's rows written twice once 1,000 readings a second arrive (bench/README.md).
     */
    public static final int MAX_UNWRITTEN_READINGS = 3_000;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Connection db;
    private final long maxSize;
    private final long minFree;
    private final FileStore store;
    private final WhenFull whenFull;
    private final Map<String, Integer> seriesIds = new HashMap<>();
    private final Map<Integer, String[]> seriesById = new HashMap<>();
    private final Map<Integer, SeriesName> seriesNames = new HashMap<>();
    private final Map<String, Integer> bootIds = new HashMap<>();
    private long count;
    /** The newest sequence number given to a reading. */
    private long lastSeq;
    private MinuteTable minutes;
    /**
     * Acknowledged readings kept until their minute is written, as ranges of sequence numbers
     * (first to last, disjoint); not counted in {@link #count()} and never sent again while
     * the gateway runs. After a crash they are sent again, like any reading not yet removed.
     */
    private NavigableMap<Long, Long> kept = new TreeMap<>();
    private final long unacknowledgedAtStart;
    /** The highest sequence number the uplink has published, and the highest the file records. */
    private long publishedUpTo;
    private long publishedUpToStored;
    private long publishedUpToStoredAtNanos = System.nanoTime();
    private long untimed;
    private long dropped;
    private long lastDropLogNanos;

    private ReadingBuffer(Path file, Connection db, StorageConfig storage, FileStore store) throws SQLException {
        this.file = file;
        this.db = db;
        this.maxSize = storage.maxSize();
        this.minFree = storage.minFree();
        this.whenFull = storage.whenFull();
        this.store = store;
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id, sensor, quantity FROM series")) {
            while (rs.next()) {
                seriesIds.put(rs.getString(2) + "/" + rs.getString(3), rs.getInt(1));
                seriesById.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
            }
        }
        count = ReadingBlock.count(db);
        publishedUpTo = meta(db, PUBLISHED_UP_TO);
        publishedUpToStored = publishedUpTo;
        unacknowledgedAtStart = ReadingBlock.countRange(db, 0, publishedUpTo);
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM untimed")) {
            rs.next();
            untimed = rs.getLong(1);
        }
        minutes = MinuteTable.load(db);
        // A sequence number is never given twice, even after the buffer ran empty, so that the
        // uplink's position only moves forward: the newest one went out (published), or is
        // stored, or the minutes passed it, or it came from before blocks.
        lastSeq = Math.max(Math.max(ReadingBlock.lastSeq(db), publishedUpTo),
                Math.max(minutes.unwrittenFrom() - 1, meta(db, SEQ_BEFORE_BLOCKS)));
        db.commit();
    }

    /**
     * Opens the buffer in {@code storage.path}. A buffer file that cannot be read as a database
     * is moved aside (never deleted) and a fresh one started.
     */
    public static ReadingBuffer open(StorageConfig storage) throws BufferException {
        Optional<String> problem = StorageCheck.problem(storage);
        if (problem.isPresent()) {
            throw new BufferException(problem.get());
        }
        Path folder = storage.path();
        Path file = folder.resolve(FILE_NAME);
        FileStore store;
        try {
            store = Files.getFileStore(folder);
        } catch (IOException e) {
            throw new BufferException("storage.path " + folder + ": cannot read its file system: " + e.getMessage(), e);
        }
        try {
            return connect(file, storage, store);
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
                return connect(file, storage, store);
            } catch (IOException | SQLException e) {
                throw new BufferException("cannot open buffer " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static ReadingBuffer connect(Path file, StorageConfig storage, FileStore store) throws SQLException {
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout=5000");
                // Small pages: a commit of a few dozen readings writes one page, not four times
                // as much, which matters to an SD card written all day (bench/README.md).
                // Applies to a new buffer only.
                st.execute("PRAGMA page_size=" + PAGE_SIZE);
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode=WAL")) {
                    rs.next();
                    if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new SQLException("WAL journal mode refused (got " + rs.getString(1) + ")");
                    }
                }
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA journal_size_limit=" + WAL_LIMIT_BYTES);
                try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                    rs.next();
                    if (!"ok".equals(rs.getString(1))) {
                        throw new SQLException("integrity check failed: " + rs.getString(1));
                    }
                }
                st.execute("CREATE TABLE IF NOT EXISTS series ("
                        + "id INTEGER PRIMARY KEY, sensor TEXT NOT NULL, quantity TEXT NOT NULL, UNIQUE (sensor, quantity))");
                ReadingBlock.create(st);
                st.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                createUntimedTables(st);
                // Messages made on the gateway (averages, the index) wait here like readings,
                // in order, until the broker acknowledged them.
                st.execute("CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                        + "topic TEXT NOT NULL, retain INTEGER NOT NULL, payload BLOB NOT NULL)");
                MinuteTable.create(st);
                addQualityColumns(st, "untimed");
            }
            db.setAutoCommit(false);
            moveReadingRowsToBlocks(db, file);
            db.commit();
            return new ReadingBuffer(file, db, storage, store);
        } catch (SQLException e) {
            db.close();
            throw e;
        }
    }

    /**
     * A buffer written before blocks keeps a row per reading in {@code reading}: its readings
     * move to blocks, with their sequence numbers, in the transaction that opens the buffer, so
     * an upgrade keeps every reading and a crash halfway leaves the old table as it was.
     */
    private static void moveReadingRowsToBlocks(Connection db, Path file) throws SQLException {
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'reading'")) {
                if (!rs.next()) {
                    return;
                }
            }
            addQualityColumns(st, "reading");
            long moved;
            try (ResultSet rs = st.executeQuery("SELECT seq, series, t, v, qc, raw FROM reading ORDER BY seq")) {
                moved = writeBlocks(db, rs, -1)[1];
            }
            try (ResultSet rs = st.executeQuery("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'reading'), 0), "
                    + "coalesce((SELECT max(seq) FROM reading), 0))");
                 PreparedStatement mark = db.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)")) {
                rs.next();
                mark.setString(1, SEQ_BEFORE_BLOCKS);
                mark.setLong(2, rs.getLong(1));
                mark.executeUpdate();
            }
            st.execute("DROP TABLE reading");
            Logger.info("buffer {}: {} readings moved to the block format", file, moved);
        }
    }

    /**
     * Stores rows of (seq, series, t, v, qc, raw), in order, as blocks; NULL for qc and raw mean a
     * pass and an uncalibrated value.
     *
     * @param renumberAfter the rows get the sequence numbers after this one; -1 keeps their own
     * @return the last sequence number given, and the readings written
     */
    private static long[] writeBlocks(Connection db, ResultSet rs, long renumberAfter) throws SQLException {
        long seq = renumberAfter;
        long written = 0;
        try (ReadingBlock.Inserter inserter = new ReadingBlock.Inserter(db)) {
            ReadingBlock.Writer block = new ReadingBlock.Writer();
            while (rs.next()) {
                if (block.count() == ReadingBlock.MAX_READINGS) {
                    inserter.insert(block);
                    block = new ReadingBlock.Writer();
                }
                seq = renumberAfter < 0 ? rs.getLong(1) : seq + 1;
                Object qc = rs.getObject(5);
                Object raw = rs.getObject(6);
                block.add(seq, rs.getInt(2), rs.getLong(3), rs.getDouble(4),
                        qc == null ? 0 : ((Number) qc).intValue(), raw == null ? Double.NaN : ((Number) raw).doubleValue());
                written++;
            }
            inserter.insert(block);
        }
        return new long[] {seq, written};
    }

    private static long meta(Connection db, String key) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
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
            int[] series = seriesIds(readings);
            if (!makeRoomFor(readings.size(), NO_BOOT)) {
                return;
            }
            long firstSeq = lastSeq + 1;
            long seq = lastSeq;
            long newest = Long.MIN_VALUE;
            try (ReadingBlock.Inserter inserter = new ReadingBlock.Inserter(db)) {
                ReadingBlock.Writer block = new ReadingBlock.Writer();
                for (int i = 0; i < series.length; i++) {
                    if (block.count() == ReadingBlock.MAX_READINGS) {
                        inserter.insert(block);
                        block = new ReadingBlock.Writer();
                    }
                    Reading r = readings.get(i);
                    newest = Math.max(newest, r.timeMillis());
                    block.add(++seq, series[i], r.timeMillis(), r.value(), qcCode(r.quality()), rawOf(r.quality()));
                }
                inserter.insert(block);
            }
            long newLast = seq;
            long writeBefore = newLast + 1 - minutes.unwrittenFrom() > MAX_UNWRITTEN_READINGS
                    ? Long.MAX_VALUE : MinuteTable.minuteOf(newest - MinuteTable.CLOSE_AFTER_MS);
            MinuteTable next = minutes.plus(readings, series, firstSeq).written(db, writeBefore, newLast + 1);
            NavigableMap<Long, Long> stillKept = removeKeptBefore(next.unwrittenFrom());
            commit(System.nanoTime() - publishedUpToStoredAtNanos >= MARK_PUBLISHED_EVERY_NANOS);
            count += readings.size();
            lastSeq = newLast;
            minutes = next;
            kept = stillKept;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot write to buffer " + file + ": " + diskFullOr(e.getMessage()), e);
        }
    }

    /**
     * Writes the statistics of every minute that starts before {@code before} (epoch millis), in
     * one transaction, and removes the acknowledged readings that waited for them: the averages
     * call this before reading the minutes of the windows that closed.
     */
    public synchronized void writeMinutesBefore(long before) throws BufferException {
        try {
            writeMinutes(before);
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot write to buffer " + file + ": " + diskFullOr(e.getMessage()), e);
        }
    }

    private void writeMinutes(long before) throws SQLException {
        MinuteTable next = minutes.written(db, before, lastSeq + 1);
        if (next == minutes) {
            return;
        }
        NavigableMap<Long, Long> stillKept = removeKeptBefore(next.unwrittenFrom());
        commit(true);
        minutes = next;
        kept = stillKept;
    }

    /** Deletes the kept readings below {@code seq}; returns the ranges still kept. The caller commits. */
    private NavigableMap<Long, Long> removeKeptBefore(long seq) throws SQLException {
        if (kept.isEmpty() || kept.firstKey() >= seq) {
            return kept;
        }
        NavigableMap<Long, Long> stillKept = new TreeMap<>(kept.tailMap(seq, true));
        for (Map.Entry<Long, Long> range : kept.headMap(seq, false).entrySet()) {
            ReadingBlock.deleteRange(db, range.getKey(), Math.min(range.getValue(), seq - 1));
            if (range.getValue() >= seq) {
                stillKept.put(seq, range.getValue());
            }
        }
        return stillKept;
    }

    /**
     * SQLite rolls a transaction back by itself when the disk fills up, and then reports only
     * that nothing can be committed; the free space says what really happened.
     */
    private String diskFullOr(String message) {
        try {
            long usable = store.getUsableSpace();
            if (usable < DISK_FULL_BELOW) {
                return "the disk holding storage.path " + file.getParent() + " is full (" + usable + " bytes free)";
            }
        } catch (IOException e) {
            return message + "; the free space of " + file.getParent() + " cannot be read: " + e.getMessage();
        }
        return message;
    }

    /**
     * Applies {@code storage.when-full} before {@code n} readings are appended: under
     * {@code drop-oldest} makes room for them; under {@code drop-newest} refuses them (counted)
     * when they do not fit.
     *
     * @return whether to append them
     */
    private boolean makeRoomFor(int n, int boot) throws SQLException {
        long needed = estimatedBytes(n);
        if (whenFull == WhenFull.DROP_OLDEST) {
            dropOldestUntilRoomFor(needed, boot);
            return true;
        }
        if (usedBytes() + needed > limitBytes()) {
            countDropped(n);
            return false;
        }
        return true;
    }

    /**
     * Deletes the oldest readings until {@code needed} more bytes fit under the limit: first
     * readings held from an earlier boot (they can never be timed), then the oldest readings
     * waiting to be sent, then readings held in {@code boot}. Room is made before appending, so
     * the file never grows past the limit, not even by one group.
     */
    private void dropOldestUntilRoomFor(long needed, int boot) throws SQLException {
        if (usedBytes() + needed > limitBytes()) {
            // Readings are dropped oldest first and may reach the open minutes: they are counted first.
            writeMinutes(Long.MAX_VALUE);
        }
        dropHeldWhileFull(needed, "boot <> ?", boot);
        while (usedBytes() + needed > limitBytes() && count > 0) {
            long removed = ReadingBlock.deleteOldest(Math.max(100, count / 100), db);
            db.commit();
            if (removed == 0) {
                return;
            }
            count -= removed;
            countDropped(removed);
        }
        dropHeldWhileFull(needed, "boot = ?", boot);
    }

    /** @param which a condition on {@code boot = ?} or {@code boot <> ?} */
    private void dropHeldWhileFull(long needed, String which, int boot) throws SQLException {
        while (usedBytes() + needed > limitBytes() && untimed > 0) {
            int removed;
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM untimed WHERE seq IN "
                    + "(SELECT seq FROM untimed WHERE " + which + " ORDER BY seq LIMIT ?)")) {
                delete.setInt(1, boot);
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

    /** What {@code n} more readings will take in the file, judged from what the buffer holds now. */
    private long estimatedBytes(int n) throws SQLException {
        long perReading = count + untimed > 1000 ? usedBytes() / (count + untimed) : ESTIMATED_BYTES_PER_READING;
        return n * perReading;
    }

    /** Counts dropped readings; says so in the log when it starts and then at most once a minute. */
    private void countDropped(long n) throws SQLException {
        dropped += n;
        long now = System.nanoTime();
        if (lastDropLogNanos == 0 || now - lastDropLogNanos > DROP_LOG_EVERY_NANOS) {
            lastDropLogNanos = now;
            String limit = limitBytes() < maxSize
                    ? "the disk has less than storage.min-free " + minFree + " bytes free"
                    : "storage.max-size " + maxSize + " bytes";
            Logger.warn("buffer {} is full ({}): {} readings dropped so far, the {} ones (storage.when-full: {})",
                    file, limit, dropped, whenFull == WhenFull.DROP_OLDEST ? "oldest" : "newest",
                    ConfigMap.kebab(whenFull));
        }
    }

    /**
     * How large the buffer may be now: {@code storage.max-size}, or less when growing the file
     * would eat into {@code storage.min-free}. Below the reserve the file no longer grows: its
     * freed pages are reused, so dropping readings makes room without touching the disk, and
     * nothing is dropped for space the buffer could not give back anyway.
     */
    private long limitBytes() throws SQLException {
        long usable;
        try {
            usable = store.getUsableSpace();
        } catch (IOException e) {
            throw new SQLException("cannot read the free space of " + file.getParent() + ": " + e.getMessage(), e);
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        long onDisk = file.toFile().length() + (Files.isRegularFile(wal) ? wal.toFile().length() : 0);
        try (Statement st = db.createStatement()) {
            // The database's size once the log is checkpointed into it, plus a full log beside it,
            // must leave the reserve free.
            long databaseBytes = scalar(st, "PRAGMA page_count") * scalar(st, "PRAGMA page_size");
            long allowed = usable + onDisk - minFree - WAL_LIMIT_BYTES;
            return Math.min(maxSize, Math.max(databaseBytes, allowed));
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

    /**
     * The series number of each reading. Series not seen before are stored together and
     * committed on their own, before any reading of the group is inserted, so the cache never
     * names a series that a rolled-back group took with it; a new buffer's first group of 100
     * sensors costs one commit, not 100.
     */
    private int[] seriesIds(List<Reading> readings) throws SQLException {
        int[] ids = new int[readings.size()];
        Map<String, Integer> added = new HashMap<>();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO series (sensor, quantity) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < ids.length; i++) {
                Reading r = readings.get(i);
                String key = r.sensor() + "/" + r.quantity().id();
                Integer id = seriesIds.get(key);
                if (id == null) {
                    id = added.get(key);
                }
                if (id == null) {
                    insert.setString(1, r.sensor());
                    insert.setString(2, r.quantity().id());
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getInt(1);
                    }
                    added.put(key, id);
                }
                ids[i] = id;
            }
        }
        if (!added.isEmpty()) {
            db.commit();
            added.forEach((key, id) -> {
                seriesIds.put(key, id);
                int slash = key.lastIndexOf('/');
                seriesById.put(id, new String[] {key.substring(0, slash), key.substring(slash + 1)});
            });
        }
        return ids;
    }

    /** The oldest {@code max} readings, oldest first. */
    public Batch oldest(int max) throws BufferException {
        return after(0, Long.MAX_VALUE, max);
    }

    /**
     * Up to {@code max} readings with sequence numbers above {@code afterSeq} and at most
     * {@code upToSeq}, in the order they were buffered, leaving out those acknowledged already:
     * a run of the buffer, so that removing it later by its range removes exactly these readings
     * (and acknowledged ones between them, which may go too).
     */
    public synchronized Batch after(long afterSeq, long upToSeq, int max) throws BufferException {
        List<Reading> readings = new ArrayList<>();
        long[] run = scan(afterSeq, upToSeq, max, (seq, series, timeMillis, value, quality) -> {
            SeriesName name = seriesName(series);
            readings.add(new Reading(name.sensor(), name.quantity(), value, timeMillis, quality));
        });
        return new Batch(run[0], run[1], List.copyOf(readings));
    }

    /**
     * The run {@link #after} would give, written straight into one SenML pack of gateway
     * {@code gatewayId}, as the uplink sends it: no reading object on the way, which is most of
     * what a pack costs to make.
     */
    public synchronized Pack pack(String gatewayId, long afterSeq, long upToSeq, int max) throws BufferException {
        SenmlPackWriter writer = new SenmlPackWriter(gatewayId, Math.min(max, 10_000));
        long[] run = scan(afterSeq, upToSeq, max, (seq, series, timeMillis, value, quality) -> {
            SeriesName name = seriesName(series);
            writer.add(name.escapedName(), name.quantity().unit(), value, timeMillis, quality);
        });
        return writer.records() == 0 ? Pack.EMPTY : new Pack(run[0], run[1], writer.records(), writer.toBytes());
    }

    /** What {@link #scan} reads of a row. */
    @FunctionalInterface
    private interface Row {
        void take(long seq, int series, long timeMillis, double value, Quality quality) throws SQLException;
    }

    /** A buffered series by its names, and its record name {@code <sensor>/<quantity>} as the pack writer takes it. */
    private record SeriesName(String sensor, Quantity quantity, byte[] escapedName) {
    }

    private SeriesName seriesName(int series) throws SQLException {
        SeriesName known = seriesNames.get(series);
        if (known != null) {
            return known;
        }
        String[] names = seriesById.get(series);
        Quantity quantity = Quantity.byId(names[1]).orElseThrow(
                () -> new SQLException("buffer holds unknown quantity '" + names[1] + "'"));
        SeriesName name = new SeriesName(names[0], quantity, SenmlPackWriter.escaped(names[0] + "/" + quantity.id()));
        seriesNames.put(series, name);
        return name;
    }

    /**
     * Hands {@code row} the run {@link #after} describes, in order.
     *
     * @return the sequence numbers of its first and last reading, -1 when it is empty
     */
    private long[] scan(long afterSeq, long upToSeq, int max, Row row) throws BufferException {
        while (true) {
            long[] run = {-1, -1};
            int[] taken = {0};
            try {
                ReadingBlock.read(db, afterSeq, upToSeq, (seq, series, timeMillis, value, qc, raw) -> {
                    if (taken[0] == max) {
                        return false;
                    }
                    if (!kept.isEmpty() && isKept(seq)) {
                        return true;
                    }
                    run[0] = run[0] < 0 ? seq : run[0];
                    run[1] = seq;
                    row.take(seq, series, timeMillis, value, quality(qc, raw));
                    taken[0]++;
                    return true;
                });
                db.commit();
                return run;
            } catch (ReadingBlock.DamagedBlockException e) {
                rollback();
                setAside(e);
            } catch (SQLException e) {
                rollback();
                throw new BufferException("cannot read buffer " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean isKept(long seq) {
        Map.Entry<Long, Long> range = kept.floorEntry(seq);
        return range != null && range.getValue() >= seq;
    }

    /**
     * Moves a block that cannot be read aside, so the readings after it still go out; its
     * readings count as dropped.
     */
    private void setAside(ReadingBlock.DamagedBlockException damaged) throws BufferException {
        try {
            long lost = ReadingBlock.countStored(db, damaged.firstSeq());
            ReadingBlock.setAside(db, damaged.firstSeq());
            db.commit();
            count -= lost;
            dropped += lost;
            Logger.error("buffer {}: {}; its {} readings are set aside in table damaged_block and not sent",
                    file, damaged.getMessage(), lost);
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot set a damaged block aside in buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** The sequence number of the newest buffered reading; 0 when the buffer is empty. */
    public synchronized long lastSeq() throws BufferException {
        try {
            long last = ReadingBlock.lastSeq(db);
            db.commit();
            return last;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes a batch the broker has acknowledged. */
    public void remove(Batch batch) throws BufferException {
        removeAll(List.of(batch), batch.lastSeq());
    }

    /**
     * Removes batches the broker has acknowledged, in one transaction. The same transaction
     * records the highest sequence number published so far ({@code publishedUpTo}), so that
     * after a crash the readings published but never acknowledged can be counted as resent.
     * When every reading of the batches is kept for its minute, nothing is written now: an
     * append within ten seconds, the minute's write or the close records how far publishing
     * went (a station's removals while its minute is open would otherwise add a page to the card
     * every second).
     */
    public synchronized void removeAll(List<? extends BufferRun> batches, long publishedUpTo) throws BufferException {
        this.publishedUpTo = Math.max(this.publishedUpTo, publishedUpTo);
        try (Statement st = db.createStatement()) {
            // A removal lost to a power cut only means those readings are sent again, so it is
            // not synced on its own: the next append's sync carries it to the card.
            synchronous(st, "NORMAL");
            try {
                long removed = 0;
                boolean deleting = false;
                long unwrittenFrom = minutes.unwrittenFrom();
                NavigableMap<Long, Long> stillKept = new TreeMap<>(kept);
                for (BufferRun batch : batches) {
                    if (batch.isEmpty()) {
                        continue;
                    }
                    if (batch.firstSeq() < unwrittenFrom) {
                        removed += ReadingBlock.deleteRange(db, batch.firstSeq(), Math.min(batch.lastSeq(), unwrittenFrom - 1));
                        deleting = true;
                    }
                    if (batch.lastSeq() >= unwrittenFrom) {
                        removed += keep(stillKept, Math.max(batch.firstSeq(), unwrittenFrom), batch.lastSeq());
                    }
                }
                commit(deleting);
                count -= removed;
                kept = stillKept;
            } finally {
                synchronous(st, "FULL");
            }
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot remove sent readings from buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Commits the open transaction, with it how far publishing went when {@code recordPublished}
     * and it went further than the file says. Appends record it at most every
     * {@link #MARK_PUBLISHED_EVERY_NANOS}: the mark only lets the next start count what it sends
     * again, and on a station it would otherwise add a page to every commit.
     */
    private void commit(boolean recordPublished) throws SQLException {
        boolean recording = recordPublished && publishedUpTo > publishedUpToStored;
        if (recording) {
            try (PreparedStatement mark = db.prepareStatement("INSERT INTO meta (key, value) VALUES ('" + PUBLISHED_UP_TO
                    + "', ?) ON CONFLICT (key) DO UPDATE SET value = max(value, excluded.value)")) {
                mark.setLong(1, publishedUpTo);
                mark.executeUpdate();
            }
        }
        db.commit();
        if (recording) {
            publishedUpToStored = publishedUpTo;
            publishedUpToStoredAtNanos = System.nanoTime();
        }
    }

    /**
     * Adds {@code first..last} to the kept ranges, merged with those it touches.
     *
     * @return the readings it keeps that were not kept before
     */
    private long keep(NavigableMap<Long, Long> ranges, long first, long last) throws SQLException {
        long newlyKept = 0;
        long from = first;
        long to = last;
        long at = first;
        while (at <= last) {
            Map.Entry<Long, Long> covering = ranges.floorEntry(at);
            if (covering != null && covering.getValue() >= at) {
                at = covering.getValue() + 1;
                continue;
            }
            Long nextStart = ranges.higherKey(at);
            long gapEnd = nextStart == null ? last : Math.min(last, nextStart - 1);
            newlyKept += ReadingBlock.countRange(db, at, gapEnd);
            at = gapEnd + 1;
        }
        Map.Entry<Long, Long> before = ranges.floorEntry(first - 1);
        if (before != null && before.getValue() >= first - 1) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
        }
        for (Map.Entry<Long, Long> inside; (inside = ranges.ceilingEntry(from)) != null && inside.getKey() <= last + 1; ) {
            to = Math.max(to, inside.getValue());
            ranges.remove(inside.getKey());
        }
        ranges.put(from, to);
        return newlyKept;
    }

    /**
     * Sets how commits are synced. SQLite takes this only outside a transaction, and the driver
     * keeps one open between commits, so it is closed (empty) for the change and opened again.
     */
    private void synchronous(Statement st, String level) throws SQLException {
        db.setAutoCommit(true);
        try {
            st.execute("PRAGMA synchronous=" + level);
        } finally {
            db.setAutoCommit(false);
        }
    }

    /**
     * Readings that were published before the last stop or crash but not acknowledged: the
     * uplink sends them again, so they count as resent.
     */
    public synchronized long unacknowledgedAtStart() {
        return unacknowledgedAtStart;
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
        List<Reading> oldest = oldest(1).readings();
        return oldest.isEmpty() ? OptionalLong.empty() : OptionalLong.of(oldest.get(0).timeMillis());
    }

    /**
     * Readings taken while the clock could not be trusted wait in {@code untimed} with their
     * monotonic stamp and the boot it belongs to; the uplink never sees them. Boots are named
     * once in {@code boot} to keep the rows small.
     */
    private static void createUntimedTables(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS boot (id INTEGER PRIMARY KEY, boot_id TEXT NOT NULL UNIQUE)");
        st.execute("CREATE TABLE IF NOT EXISTS untimed (seq INTEGER PRIMARY KEY, series INTEGER NOT NULL, "
                + "boot INTEGER NOT NULL, mono_ms INTEGER NOT NULL, v REAL NOT NULL" + QUALITY_COLUMNS + ")");
    }

    /**
     * A buffer written before readings carried their quality gets the columns, empty (NULL,
     * pass and uncalibrated) for what it already holds: an upgrade keeps every reading.
     */
    private static void addQualityColumns(Statement st, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                columns.add(rs.getString("name"));
            }
        }
        if (!columns.contains("qc")) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN qc INTEGER");
        }
        if (!columns.contains("raw")) {
            st.execute("ALTER TABLE " + table + " ADD COLUMN raw REAL");
        }
    }

    /** The stored QC code: the flag (low 3 bits) and the flagging tests' bits above; 0 for a pass, the common case. */
    private static int qcCode(Quality quality) {
        return quality.flag() == QcFlag.PASS ? 0 : quality.flag().code() | quality.testBits() << QC_TEST_SHIFT;
    }

    /** The raw value before calibration; NaN when uncalibrated. */
    private static double rawOf(Quality quality) {
        return quality.calibrated() ? quality.raw() : Double.NaN;
    }

    private static Quality quality(int qc, double raw) {
        if (qc == 0) {
            return Double.isNaN(raw) ? Quality.GOOD : new Quality(QcFlag.PASS, Set.of(), raw);
        }
        return new Quality(QcFlag.byCode(qc & QC_FLAG_MASK), Quality.testsOf(qc >>> QC_TEST_SHIFT), raw);
    }

    /** {@code qc} and {@code raw} of a held reading: NULL for a pass and for an uncalibrated value. */
    private static void setQuality(PreparedStatement insert, int at, Quality quality) throws SQLException {
        if (quality.flag() == QcFlag.PASS) {
            insert.setNull(at, Types.INTEGER);
        } else {
            insert.setInt(at, qcCode(quality));
        }
        if (quality.calibrated()) {
            insert.setDouble(at + 1, quality.raw());
        } else {
            insert.setNull(at + 1, Types.REAL);
        }
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
            int[] series = seriesIds(readings.stream().map(TakenReading::reading).toList());
            int bootId = bootId(boot);
            if (!makeRoomFor(readings.size(), bootId)) {
                return;
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO untimed (series, boot, mono_ms, v, qc, raw) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < series.length; i++) {
                    Reading r = readings.get(i).reading();
                    insert.setInt(1, series[i]);
                    insert.setInt(2, bootId);
                    insert.setLong(3, readings.get(i).monoMillis());
                    insert.setDouble(4, r.value());
                    setQuality(insert, 5, r.quality());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
            untimed += readings.size();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot write to buffer " + file + ": " + diskFullOr(e.getMessage()), e);
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
            long newLast = lastSeq;
            MinuteTable next = minutes;
            NavigableMap<Long, Long> stillKept = kept;
            if (n > 0) {
                MinuteTable.addHeld(db, bootId, wallMillis, monoMillis);
                try (PreparedStatement select = db.prepareStatement("SELECT seq, series, ? - (? - mono_ms), v, qc, raw "
                        + "FROM untimed WHERE boot = ? ORDER BY seq");
                     PreparedStatement delete = db.prepareStatement("DELETE FROM untimed WHERE boot = ?")) {
                    select.setLong(1, wallMillis);
                    select.setLong(2, monoMillis);
                    select.setInt(3, bootId);
                    try (ResultSet rs = select.executeQuery()) {
                        newLast = writeBlocks(db, rs, lastSeq)[0];
                    }
                    delete.setInt(1, bootId);
                    delete.executeUpdate();
                }
                // The moved readings are in their minutes' rows already: the open minutes are
                // written too, so that every reading up to the newest counts as written.
                next = minutes.written(db, Long.MAX_VALUE, newLast + 1);
                stillKept = removeKeptBefore(next.unwrittenFrom());
            }
            db.commit();
            count += n;
            untimed -= n;
            lastSeq = newLast;
            minutes = next;
            kept = stillKept;
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

    /** Work on the buffer's database inside one transaction, e.g. a stage's own table. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction and commits it: everything it wrote is durable when
     * this returns, or none of it is.
     */
    public synchronized <T> T transaction(Work<T> work) throws BufferException {
        try {
            T result = work.run(db);
            db.commit();
            return result;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot update buffer " + file + ": " + diskFullOr(e.getMessage()), e);
        }
    }

    /** Queues a message to be published on {@code P/G/<topic>}; the caller's transaction commits it. */
    public static void queueOutgoing(Connection db, String topic, boolean retain, byte[] payload) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO outbox (topic, retain, payload) VALUES (?, ?, ?)")) {
            insert.setString(1, topic);
            insert.setInt(2, retain ? 1 : 0);
            insert.setBytes(3, payload);
            insert.executeUpdate();
        }
    }

    /** The oldest queued message after {@code afterSeq}, if any. */
    public synchronized Optional<Outgoing> nextOutgoing(long afterSeq) throws BufferException {
        try (PreparedStatement select = db.prepareStatement(
                "SELECT seq, topic, retain, payload FROM outbox WHERE seq > ? ORDER BY seq LIMIT 1")) {
            select.setLong(1, afterSeq);
            Optional<Outgoing> next = Optional.empty();
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    next = Optional.of(new Outgoing(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0, rs.getBytes(4)));
                }
            }
            db.commit();
            return next;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot read buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes a queued message the broker has acknowledged. */
    public synchronized void removeOutgoing(long seq) throws BufferException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM outbox WHERE seq = ?")) {
            delete.setLong(1, seq);
            delete.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("cannot remove a sent message from buffer " + file + ": " + e.getMessage(), e);
        }
    }

    /** Messages queued and not yet acknowledged. */
    public synchronized long outgoing() throws BufferException {
        return transaction(conn -> {
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * Undoes the open transaction. When SQLite has already rolled it back by itself (it does on
     * a full disk), the driver still believes one is open and would run the next statements
     * outside any transaction, each committed on its own; a fresh BEGIN puts both back in step.
     */
    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            try (Statement st = db.createStatement()) {
                st.execute("BEGIN");
            } catch (SQLException again) {
                Logger.warn("buffer {}: rollback failed: {}; {}", file, e.getMessage(), again.getMessage());
            }
        }
    }

    /** Writes the open minutes, so that the next start has none to rebuild, and closes the database. */
    @Override
    public synchronized void close() {
        try {
            writeMinutes(Long.MAX_VALUE);
            commit(true);
        } catch (SQLException e) {
            rollback();
            Logger.warn("buffer {}: the open minutes are rebuilt at the next start: {}", file, e.getMessage());
        }
        try {
            db.close();
        } catch (SQLException e) {
            Logger.warn("buffer {}: close failed: {}", file, e.getMessage());
        }
    }
}

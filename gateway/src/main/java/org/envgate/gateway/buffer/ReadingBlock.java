package org.envgate.gateway.buffer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Readings stored together in one row of the buffer's {@code block} table, as one compact
 * binary body: a row per group of readings instead of a row per reading is what lets the buffer
 * take and give out a million readings a second, and write few pages per commit to an SD card
 * (bench/README.md).
 *
 * <p>The body is a version byte, the count of readings, then per reading: the step from the
 * previous sequence number (from the block's first for the first reading), the series number
 * shifted left by two with a bit each for a QC code and a raw value, the step from the previous
 * time in milliseconds (zig-zag, from 0 for the first), the value, then the QC code and the raw
 * value when present. Integers are unsigned LEB128 varints.
 *
 * <p>In version 2 a value is a number: most readings are decimals with few digits (12.5 µg/m³,
 * 7.01 pH), so a value that is exactly {@code m / 10^k} for a whole {@code m} and {@code k} of 0
 * to 7 is the varint {@code zigzag(m) << 4 | k << 1 | 1}, two or three bytes; any other value
 * (NaN, -0.0, a float's widening such as 21.3700008392334) is a 0 byte and its 8 bytes. The
 * division that decodes it is the one the writer checked, so every value reads back bit for bit.
 * Version 1, written before, stores every value as 8 bytes and is still read.
 *
 * <p>The body is read only from the buffer's own file, yet {@link #read} checks every length
 * and count before it uses it: a damaged body is reported, never read past its end.
 */
final class ReadingBlock {

    /** Readings per block at most: one uplink pack's worth, so a pack seldom splits a block. */
    static final int MAX_READINGS = 500;
    /** Values as 8 bytes each; read, no longer written. */
    private static final int VERSION_FIXED_VALUES = 1;
    private static final int VERSION = 2;
    private static final int HAS_QC = 1;
    private static final int HAS_RAW = 2;
    /** Powers of ten a decimal value may be scaled by: up to 7 decimals. */
    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7};
    /** Whole numbers below this are exact doubles, with room to spare, and fit the number's varint. */
    private static final double MAX_DECIMAL_MANTISSA = 0x1p50;
    /** The most bytes a number takes: a 0 byte and 8, or a varint of at most 55 bits in 8. */
    private static final int MAX_NUMBER_BYTES = 9;
    /** The most bytes one reading takes: sequence step 10, series 5, time step 10, value, QC 5, raw. */
    private static final int MAX_READING_BYTES = 30 + 2 * MAX_NUMBER_BYTES;
    /** The largest body {@link #MAX_READINGS} readings make, with the header: no body read is longer. */
    static final int MAX_BODY_BYTES = 6 + MAX_READINGS * MAX_READING_BYTES;

    private ReadingBlock() {
    }

    /** What {@link #read} hands out for each reading of a body, in order. */
    @FunctionalInterface
    interface Visitor {
        /**
         * @param qc  the stored QC code (flag and tests), 0 for a pass
         * @param raw the raw value before calibration, NaN when uncalibrated
         * @return whether to go on with the next reading
         */
        boolean take(long seq, int series, long timeMillis, double value, int qc, double raw) throws SQLException;
    }

    /** A body that cannot be read: the buffer's file was damaged outside SQLite's checks. */
    static final class DamagedBlockException extends SQLException {
        private final long firstSeq;

        DamagedBlockException(long firstSeq, String message) {
            super(message);
            this.firstSeq = firstSeq;
        }

        long firstSeq() {
            return firstSeq;
        }
    }

    /**
     * The table: one row per block, keyed by the sequence number of its first reading and
     * holding those up to {@code last_seq}, some perhaps removed; blocks never overlap. A block
     * that cannot be read is moved to {@code damaged_block}, never deleted.
     */
    static void create(Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS block (first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, "
                + "n INTEGER NOT NULL, body BLOB NOT NULL)");
        st.execute("CREATE TABLE IF NOT EXISTS damaged_block (first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, "
                + "n INTEGER NOT NULL, body BLOB NOT NULL)");
    }

    /** Writes blocks in the caller's transaction. */
    static final class Inserter implements AutoCloseable {
        private final PreparedStatement insert;

        Inserter(Connection db) throws SQLException {
            insert = db.prepareStatement("INSERT INTO block (first_seq, last_seq, n, body) VALUES (?, ?, ?, ?)");
        }

        void insert(Writer block) throws SQLException {
            if (block.count() == 0) {
                return;
            }
            insert.setLong(1, block.firstSeq());
            insert.setLong(2, block.lastSeq());
            insert.setInt(3, block.count());
            insert.setBytes(4, block.toBytes());
            insert.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            insert.close();
        }
    }

    /** Readings stored, in all blocks. */
    static long count(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(sum(n), 0) FROM block")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The highest sequence number stored; 0 when there is none. */
    static long lastSeq(Connection db) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(last_seq), 0) FROM block")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Hands {@code visitor} the readings with sequence numbers above {@code afterSeq} and at most
     * {@code upToSeq}, in order, until it says stop.
     */
    static void read(Connection db, long afterSeq, long upToSeq, Visitor visitor) throws SQLException {
        // From the block holding afterSeq + 1 on: one look-up in the key, not a walk from the start.
        try (PreparedStatement select = db.prepareStatement("SELECT first_seq, body FROM block "
                + "WHERE first_seq >= coalesce((SELECT max(first_seq) FROM block WHERE first_seq <= ?), 0) "
                + "AND first_seq <= ? AND last_seq > ? ORDER BY first_seq")) {
            select.setLong(1, afterSeq + 1);
            select.setLong(2, upToSeq);
            select.setLong(3, afterSeq);
            boolean[] stopped = {false};
            try (ResultSet rs = select.executeQuery()) {
                while (!stopped[0] && rs.next()) {
                    read(rs.getBytes(2), rs.getLong(1), (seq, series, t, v, qc, raw) -> {
                        if (seq <= afterSeq) {
                            return true;
                        }
                        if (seq > upToSeq || !visitor.take(seq, series, t, v, qc, raw)) {
                            stopped[0] = true;
                            return false;
                        }
                        return true;
                    });
                }
            }
        }
    }

    /** Readings stored with sequence numbers from {@code first} to {@code last}. */
    static long countRange(Connection db, long first, long last) throws SQLException {
        long[] n = {wholeBlocks(db, "SELECT coalesce(sum(n), 0) FROM block", first, last)};
        for (long[] block : straddling(db, first, last)) {
            read(db, block[0], (seq, series, t, v, qc, raw) -> {
                if (seq >= first && seq <= last) {
                    n[0]++;
                }
                return true;
            });
        }
        return n[0];
    }

    /**
     * Deletes the readings with sequence numbers from {@code first} to {@code last}; a block
     * only partly in that range is written again with the rest. The caller commits.
     *
     * @return readings deleted
     */
    static long deleteRange(Connection db, long first, long last) throws SQLException {
        long deleted = 0;
        for (long[] block : straddling(db, first, last)) {
            Writer rest = new Writer();
            long[] inRange = {0};
            read(db, block[0], (seq, series, t, v, qc, raw) -> {
                if (seq >= first && seq <= last) {
                    inRange[0]++;
                } else {
                    rest.add(seq, series, t, v, qc, raw);
                }
                return true;
            });
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM block WHERE first_seq = ?")) {
                delete.setLong(1, block[0]);
                delete.executeUpdate();
            }
            try (Inserter inserter = new Inserter(db)) {
                inserter.insert(rest);
            }
            deleted += inRange[0];
        }
        deleted += wholeBlocks(db, "SELECT coalesce(sum(n), 0) FROM block", first, last);
        wholeBlocks(db, "DELETE FROM block", first, last);
        return deleted;
    }

    /**
     * Deletes the oldest blocks, whole, until at least {@code atLeast} readings went or none is
     * left. The caller commits.
     *
     * @return readings deleted
     */
    static long deleteOldest(long atLeast, Connection db) throws SQLException {
        long deleted = 0;
        long upTo = -1;
        try (PreparedStatement select = db.prepareStatement("SELECT last_seq, n FROM block ORDER BY first_seq");
             ResultSet rs = select.executeQuery()) {
            while (deleted < atLeast && rs.next()) {
                upTo = rs.getLong(1);
                deleted += rs.getLong(2);
            }
        }
        if (upTo >= 0) {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM block WHERE first_seq <= ?")) {
                delete.setLong(1, upTo);
                delete.executeUpdate();
            }
        }
        return deleted;
    }

    /** Readings stored in the block from {@code firstSeq}; 0 when there is none. */
    static long countStored(Connection db, long firstSeq) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT n FROM block WHERE first_seq = ?")) {
            select.setLong(1, firstSeq);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Moves a block that cannot be read out of the way, kept for whoever looks into it. The caller commits. */
    static void setAside(Connection db, long firstSeq) throws SQLException {
        try (PreparedStatement copy = db.prepareStatement(
                "INSERT OR REPLACE INTO damaged_block SELECT * FROM block WHERE first_seq = ?");
             PreparedStatement delete = db.prepareStatement("DELETE FROM block WHERE first_seq = ?")) {
            copy.setLong(1, firstSeq);
            copy.executeUpdate();
            delete.setLong(1, firstSeq);
            delete.executeUpdate();
        }
    }

    /** Runs {@code sql} (a SELECT or DELETE on {@code block}) over the blocks wholly inside {@code first..last}. */
    private static long wholeBlocks(Connection db, String sql, long first, long last) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql + " WHERE first_seq >= ? AND first_seq <= ? AND last_seq <= ?")) {
            st.setLong(1, first);
            st.setLong(2, last);
            st.setLong(3, last);
            if (st.execute()) {
                try (ResultSet rs = st.getResultSet()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
            return st.getUpdateCount();
        }
    }

    /** First sequence numbers of the blocks (at most two) holding readings both inside and outside {@code first..last}. */
    private static List<long[]> straddling(Connection db, long first, long last) throws SQLException {
        List<long[]> found = new ArrayList<>(2);
        try (PreparedStatement select = db.prepareStatement(
                "SELECT first_seq, last_seq FROM block WHERE first_seq <= ? ORDER BY first_seq DESC LIMIT 1")) {
            for (long at : new long[] {first, last}) {
                select.setLong(1, at);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    long blockFirst = rs.getLong(1);
                    long blockLast = rs.getLong(2);
                    boolean overlaps = blockLast >= first && blockFirst <= last;
                    boolean whole = blockFirst >= first && blockLast <= last;
                    if (overlaps && !whole && (found.isEmpty() || found.get(0)[0] != blockFirst)) {
                        found.add(new long[] {blockFirst, blockLast});
                    }
                }
            }
        }
        return found;
    }

    /** Reads one block by its key. */
    private static void read(Connection db, long firstSeq, Visitor visitor) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("SELECT body FROM block WHERE first_seq = ?")) {
            select.setLong(1, firstSeq);
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) {
                    read(rs.getBytes(1), firstSeq, visitor);
                }
            }
        }
    }

    /** Builds one body from readings given in the order of their sequence numbers. */
    static final class Writer {
        private byte[] bytes = new byte[512];
        private int size;
        private int count;
        private long firstSeq = -1;
        private long previousSeq;
        private long previousTime;

        /**
         * @param qc  the QC code (flag and tests), 0 for a pass
         * @param raw the raw value before calibration, NaN when uncalibrated
         */
        void add(long seq, int series, long timeMillis, double value, int qc, double raw) {
            ensure(MAX_READING_BYTES);
            if (count == 0) {
                firstSeq = seq;
                previousSeq = seq;
            }
            putVarint(seq - previousSeq);
            putVarint(((long) series << 2) | (qc != 0 ? HAS_QC : 0) | (Double.isNaN(raw) ? 0 : HAS_RAW));
            long step = timeMillis - previousTime;
            putVarint((step << 1) ^ (step >> 63));
            putNumber(value);
            if (qc != 0) {
                putVarint(qc & 0xffff_ffffL);
            }
            if (!Double.isNaN(raw)) {
                putNumber(raw);
            }
            previousSeq = seq;
            previousTime = timeMillis;
            count++;
        }

        int count() {
            return count;
        }

        long firstSeq() {
            return firstSeq;
        }

        long lastSeq() {
            return previousSeq;
        }

        byte[] toBytes() {
            byte[] header = new byte[6];
            header[0] = VERSION;
            int at = 1;
            for (long v = count; ; v >>>= 7) {
                if (v < 0x80) {
                    header[at++] = (byte) v;
                    break;
                }
                header[at++] = (byte) (v | 0x80);
            }
            byte[] body = new byte[at + size];
            System.arraycopy(header, 0, body, 0, at);
            System.arraycopy(bytes, 0, body, at, size);
            return body;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        private void putVarint(long v) {
            while ((v & ~0x7fL) != 0) {
                bytes[size++] = (byte) (v | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        private void putNumber(double d) {
            for (int k = 0; k < POW10.length; k++) {
                double scaled = d * POW10[k];
                if (!(Math.abs(scaled) < MAX_DECIMAL_MANTISSA)) {
                    break;
                }
                long m = Math.round(scaled);
                if (Double.doubleToRawLongBits(m / POW10[k]) == Double.doubleToRawLongBits(d)) {
                    putVarint(((m << 1) ^ (m >> 63)) << 4 | (long) k << 1 | 1);
                    return;
                }
            }
            bytes[size++] = 0;
            putDouble(d);
        }

        private void putDouble(double d) {
            long bits = Double.doubleToRawLongBits(d);
            for (int shift = 56; shift >= 0; shift -= 8) {
                bytes[size++] = (byte) (bits >>> shift);
            }
        }
    }

    /**
     * Hands {@code visitor} every reading of {@code body}, in order.
     *
     * @return how many readings the body holds
     */
    static int read(byte[] body, long firstSeq, Visitor visitor) throws SQLException {
        Reader in = new Reader(body, firstSeq);
        if (body.length == 0 || (body[0] != VERSION && body[0] != VERSION_FIXED_VALUES)) {
            throw in.damaged("unknown version " + (body.length == 0 ? "(empty)" : body[0]));
        }
        boolean numbers = body[0] == VERSION;
        if (body.length > MAX_BODY_BYTES) {
            throw in.damaged(body.length + " bytes, more than " + MAX_READINGS + " readings take");
        }
        in.at = 1;
        long count = in.varint();
        if (count < 1 || count > MAX_READINGS) {
            throw in.damaged("count " + count);
        }
        long seq = firstSeq;
        long time = 0;
        for (int i = 0; i < count; i++) {
            long seqStep = in.varint();
            if (seqStep < 0 || (i == 0) != (seqStep == 0)) {
                throw in.damaged("sequence step " + seqStep);
            }
            seq += seqStep;
            long seriesAndBits = in.varint();
            long series = seriesAndBits >>> 2;
            if (series > Integer.MAX_VALUE) {
                throw in.damaged("series " + series);
            }
            long step = in.varint();
            time += (step >>> 1) ^ -(step & 1);
            double value = numbers ? in.number() : in.doubleValue();
            int qc = (seriesAndBits & HAS_QC) != 0 ? (int) in.varint() : 0;
            double raw = (seriesAndBits & HAS_RAW) == 0 ? Double.NaN : numbers ? in.number() : in.doubleValue();
            if (!visitor.take(seq, (int) series, time, value, qc, raw)) {
                return (int) count;
            }
        }
        if (in.at != body.length) {
            throw in.damaged((body.length - in.at) + " bytes after the last reading");
        }
        return (int) count;
    }

    private static final class Reader {
        private final byte[] body;
        private final long firstSeq;
        private int at;

        Reader(byte[] body, long firstSeq) {
            this.body = body;
            this.firstSeq = firstSeq;
        }

        long varint() throws DamagedBlockException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= body.length) {
                    throw damaged("cut short at byte " + at);
                }
                byte b = body[at++];
                v |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw damaged("varint longer than 10 bytes at byte " + at);
        }

        double number() throws DamagedBlockException {
            long tag = varint();
            if (tag == 0) {
                return doubleValue();
            }
            if ((tag & 1) == 0) {
                throw damaged("number tag " + tag + " at byte " + at);
            }
            long zigzag = tag >>> 4;
            long m = (zigzag >>> 1) ^ -(zigzag & 1);
            return m / POW10[(int) (tag >>> 1) & 7];
        }

        double doubleValue() throws DamagedBlockException {
            if (body.length - at < 8) {
                throw damaged("cut short at byte " + at);
            }
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = bits << 8 | (body[at++] & 0xff);
            }
            return Double.longBitsToDouble(bits);
        }

        DamagedBlockException damaged(String what) {
            return new DamagedBlockException(firstSeq, "block from sequence number " + firstSeq + " is damaged: " + what);
        }
    }
}

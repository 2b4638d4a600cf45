package org.envgate.gateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingBlockTest {

    @TempDir
    Path dir;

    private record Stored(long seq, int series, long t, double v, int qc, double raw) {
    }

    private static List<Stored> read(byte[] body, long firstSeq) throws SQLException {
        List<Stored> out = new ArrayList<>();
        ReadingBlock.read(body, firstSeq, (seq, series, t, v, qc, raw) -> out.add(new Stored(seq, series, t, v, qc, raw)));
        return out;
    }

    private static byte[] body(List<Stored> readings) {
        ReadingBlock.Writer writer = new ReadingBlock.Writer();
        readings.forEach(r -> writer.add(r.seq(), r.series(), r.t(), r.v(), r.qc(), r.raw()));
        return writer.toBytes();
    }

    @Test
    void aBodyGivesBackEveryReadingWithItsSequenceTimeValueAndQuality() throws SQLException {
        List<Stored> readings = List.of(
                new Stored(41, 3, 1_795_000_000_000L, 12.5, 0, Double.NaN),
                new Stored(42, 300_000, 1_795_000_000_000L, -0.0625, 4 | 2 << 3, 11.75),
                new Stored(45, 0, 1_794_999_999_001L, Double.MAX_VALUE, 0, -1e-9),
                new Stored(46, Integer.MAX_VALUE, Long.MIN_VALUE / 2, Double.MIN_VALUE, Integer.MAX_VALUE, Double.NaN));
        byte[] body = body(readings);
        assertEquals(readings, read(body, 41));
        assertTrue(body.length < 4 * 30, "compact: " + body.length + " bytes");
    }

    @Test
    void everyValueReadsBackBitForBitAndDecimalsTakeFewBytes() throws SQLException {
        Random random = new Random(17);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.1, -0.1, 21.37, 7.01, 1e-7, 12345678.9,
                0x1p50, -0x1p50, 0x1p53 + 2, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, (double) 21.37f, Double.longBitsToDouble(0x7ff8dead00000001L)));
        for (int i = 0; i < 100_000; i++) {
            long m = random.nextLong() >> random.nextInt(64);
            values.add(switch (i % 4) {
                case 0 -> m / Math.pow(10, random.nextInt(9));
                case 1 -> Double.longBitsToDouble(random.nextLong());
                case 2 -> (double) (float) (m / 1000.0);
                default -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            });
        }
        for (int from = 0; from < values.size(); from += ReadingBlock.MAX_READINGS) {
            List<Double> chunk = values.subList(from, Math.min(values.size(), from + ReadingBlock.MAX_READINGS));
            List<Stored> readings = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                double raw = i % 3 == 0 ? chunk.get(chunk.size() - 1 - i) : Double.NaN;
                readings.add(new Stored(from + i + 1, i % 7, 1_795_000_000_000L + i, chunk.get(i), i % 3 == 0 ? 5 : 0, raw));
            }
            List<Stored> back = read(body(readings), from + 1);
            assertEquals(readings.size(), back.size());
            for (int i = 0; i < readings.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(readings.get(i).v()), Double.doubleToRawLongBits(back.get(i).v()),
                        "value " + readings.get(i).v());
                // A NaN raw value means "not calibrated", whatever its bits.
                double raw = readings.get(i).raw();
                assertEquals(Double.isNaN(raw) ? Double.doubleToRawLongBits(Double.NaN) : Double.doubleToRawLongBits(raw),
                        Double.doubleToRawLongBits(back.get(i).raw()), "raw value " + raw);
            }
        }
        // A station's readings: one to three decimals, a second apart, a few series.
        List<Stored> station = new ArrayList<>();
        for (int i = 0; i < ReadingBlock.MAX_READINGS; i++) {
            station.add(new Stored(i + 1, i % 6, 1_795_000_000_000L + i / 6 * 1000L, (i * 37 % 4000) / 100.0, 0, Double.NaN));
        }
        byte[] body = body(station);
        assertEquals(station, read(body, 1));
        assertTrue(body.length <= 7 * station.size(), "a station's reading in at most 7 bytes: " + body.length);
    }

    @Test
    void aBodyWrittenWithEightByteValuesIsStillRead() throws SQLException {
        // Version 1, as buffers written before values became numbers hold it.
        byte[] body = {1, 2, 0, 12, -48, 15, 64, 41, 0, 0, 0, 0, 0, 0, 1, 14, -48, 15, -65, -71, -103, -103, -103, -103,
                -103, -102, 64, 53, 94, -72, 81, -21, -123, 31};
        assertEquals(List.of(new Stored(9, 3, 1000, 12.5, 0, Double.NaN), new Stored(10, 3, 2000, -0.1, 0, 21.37)),
                read(body, 9));
    }

    @Test
    void aDamagedBodyIsReportedWithItsBlockNeverReadPastItsEnd() {
        byte[] body = body(List.of(new Stored(7, 1, 1000, 1, 0, Double.NaN), new Stored(8, 1, 2000, 2, 0, Double.NaN)));
        byte[] wrongVersion = body.clone();
        wrongVersion[0] = 9;
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        byte[] oversized = Arrays.copyOf(body, ReadingBlock.MAX_BODY_BYTES + 1);
        byte[] evenNumberTag = {2, 1, 0, 4, 0, 2};
        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(body, body.length - 3), wrongVersion, longer, oversized,
                evenNumberTag,
                new byte[] {1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                        (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1})) {
            ReadingBlock.DamagedBlockException e = assertThrows(ReadingBlock.DamagedBlockException.class, () -> read(damaged, 7));
            assertTrue(e.getMessage().startsWith("block from sequence number 7 is damaged: "), e.getMessage());
            assertEquals(7, e.firstSeq());
        }
    }

    @Test
    void deletingARangeRewritesTheBlocksItCutsAndCountsWhatWent() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("b.db"));
             Statement st = db.createStatement()) {
            ReadingBlock.create(st);
            try (ReadingBlock.Inserter inserter = new ReadingBlock.Inserter(db)) {
                for (long first = 1; first <= 100; first += 10) {
                    ReadingBlock.Writer block = new ReadingBlock.Writer();
                    for (long seq = first; seq < first + 10; seq++) {
                        block.add(seq, 1, seq * 1000, seq, 0, Double.NaN);
                    }
                    inserter.insert(block);
                }
            }
            assertEquals(100, ReadingBlock.count(db));
            assertEquals(17, ReadingBlock.countRange(db, 5, 21));
            assertEquals(17, ReadingBlock.deleteRange(db, 5, 21), "from the middle of one block to the middle of another");
            assertEquals(3, ReadingBlock.deleteRange(db, 54, 56), "from inside one block");
            assertEquals(0, ReadingBlock.deleteRange(db, 5, 21), "gone already");
            List<Long> left = new ArrayList<>();
            ReadingBlock.read(db, 0, Long.MAX_VALUE, (seq, series, t, v, qc, raw) -> {
                assertEquals(seq * 1000, t);
                return left.add(seq);
            });
            List<Long> expected = new ArrayList<>();
            for (long seq = 1; seq <= 100; seq++) {
                if ((seq < 5 || seq > 21) && (seq < 54 || seq > 56)) {
                    expected.add(seq);
                }
            }
            assertEquals(expected, left);
            assertEquals(80, ReadingBlock.count(db));
            assertEquals(100, ReadingBlock.lastSeq(db));
            List<Long> from = new ArrayList<>();
            ReadingBlock.read(db, 52, 58, (seq, series, t, v, qc, raw) -> from.add(seq));
            assertEquals(List.of(53L, 57L, 58L), from, "a read starts inside a block and stops at its end");
            assertEquals(4 + 9, ReadingBlock.deleteOldest(12, db), "whole blocks, oldest first: 1-4 and 22-30");
            assertEquals(67, ReadingBlock.count(db));
        }
    }
}

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
    void aDamagedBodyIsReportedWithItsBlockNeverReadPastItsEnd() {
        byte[] body = body(List.of(new Stored(7, 1, 1000, 1, 0, Double.NaN), new Stored(8, 1, 2000, 2, 0, Double.NaN)));
        byte[] wrongVersion = body.clone();
        wrongVersion[0] = 9;
        byte[] longer = Arrays.copyOf(body, body.length + 1);
        byte[] oversized = Arrays.copyOf(body, ReadingBlock.MAX_BODY_BYTES + 1);
        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(body, body.length - 3), wrongVersion, longer, oversized,
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

package org.envgate.gateway.buffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.sql.SQLException;

/**
 * Any bytes read as a block's body give its readings or a {@link ReadingBlock.DamagedBlockException}:
 * never another exception, an error or a hang, so a damaged buffer file can stop neither the
 * uplink nor the gateway.
 */
class ReadingBlockFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyBodyGivesReadingsOrADamagedBlock(byte[] body) throws SQLException {
        try {
            ReadingBlock.read(body, 1, (seq, series, t, v, qc, raw) -> true);
        } catch (ReadingBlock.DamagedBlockException damaged) {
            // The one way a body may fail.
        }
    }
}

package org.envgate.ingest.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.envgate.wire.Reading;

/**
 * The fast path against the strict one on any bytes: whatever {@link PlainPackReader} accepts,
 * the strict path must accept too and read to the same readings. Inputs it leaves alone are the
 * strict path's (and {@code PackDecoderFuzzTest}'s) business.
 */
class PlainPackReaderFuzzTest {

    private static final long NOW = 1_767_225_600_000L;

    /** The last byte picks the gateway id the pack must name; the rest is the pack. */
    @FuzzTest
    void sameAsStrictPath(FuzzedDataProvider data) throws PackDecoder.Rejection {
        String gateway = data.consumeBoolean() ? "gw" : "gw-2";
        byte[] pack = data.consumeRemainingAsBytes();

        List<Reading> fast = PlainPackReader.read(gateway, pack);

        if (fast != null) {
            assertEquals(PackDecoder.strictReadings(gateway, pack, NOW), fast);
        }
    }
}

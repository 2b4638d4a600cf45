package org.envgate.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;

/** How fuzz targets of stream decoders take their input: as a sensor's bytes arrive, in reads of any size. */
public final class FuzzInput {

    private FuzzInput() {
    }

    /** All remaining bytes of {@code data}, cut into reads of 0 to {@code largest} bytes the fuzzer chooses. */
    public static List<byte[]> reads(FuzzedDataProvider data, int largest) {
        List<byte[]> reads = new ArrayList<>();
        while (data.remainingBytes() > 0) {
            reads.add(data.consumeBytes(data.consumeInt(0, largest)));
        }
        return reads;
    }
}

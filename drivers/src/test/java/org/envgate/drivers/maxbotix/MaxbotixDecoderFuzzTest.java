package org.envgate.drivers.maxbotix;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.testing.FuzzInput;

/** Any bytes in either unit, split anywhere: reports of the unit's digits, counted, and never an exception. */
class MaxbotixDecoderFuzzTest {

    @FuzzTest
    void feed(FuzzedDataProvider data) {
        RangeUnit unit = data.pickValue(RangeUnit.values());
        MaxbotixDecoder decoder = new MaxbotixDecoder(unit);
        long fed = 0;
        long reports = 0;
        for (byte[] chunk : FuzzInput.reads(data, 40)) {
            fed += chunk.length;
            for (MaxbotixRange range : decoder.feed(chunk)) {
                reports++;
                assertTrue(range.reading() >= 0 && range.reading() < Math.pow(10, unit.digits()), range.toString());
                assertTrue(Double.isFinite(range.metres()) && range.metres() >= 0, range.toString());
            }
        }
        assertTrue(reports == decoder.counters().good() && reports * (unit.digits() + 2) <= fed,
                decoder.counters().toString());
    }
}

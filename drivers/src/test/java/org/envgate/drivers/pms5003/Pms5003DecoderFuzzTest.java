package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.testing.FuzzInput;

/** Any bytes, split anywhere: frames with 16-bit values, counted, and never an exception. */
class Pms5003DecoderFuzzTest {

    @FuzzTest
    void feed(FuzzedDataProvider data) {
        Pms5003Decoder decoder = new Pms5003Decoder();
        long fed = 0;
        long frames = 0;
        for (byte[] chunk : FuzzInput.reads(data, 100)) {
            fed += chunk.length;
            for (Pms5003Frame frame : decoder.feed(chunk)) {
                frames++;
                for (Measurement m : frame.measurements()) {
                    assertTrue(m.value() >= 0 && m.value() <= 0xFFFF, m.toString());
                }
            }
        }
        FrameCounters counters = decoder.counters();
        assertTrue(counters.good() == frames && frames * Pms5003Frame.SIZE <= fed, counters.toString());
    }
}

package org.envgate.drivers.pms5003;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.testing.FuzzInput;
import org.envgate.wire.Quantity;

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

    /**
     * The same for the layout the fuzzer picks (PMS5003T, PMS5003ST): only frames of that layout,
     * temperature and humidity in tenths within 16 bits, formaldehyde only from a PMS5003ST.
     */
    @FuzzTest
    void feedEveryLayout(FuzzedDataProvider data) {
        Pms5003Layout layout = data.pickValue(Pms5003Layout.values());
        Pms5003Decoder decoder = new Pms5003Decoder(layout);
        long fed = 0;
        long frames = 0;
        for (byte[] chunk : FuzzInput.reads(data, 100)) {
            fed += chunk.length;
            for (Pms5003Frame frame : decoder.feed(chunk)) {
                frames++;
                assertTrue(frame.layout() == layout, frame.toString());
                for (Measurement m : frame.measurements()) {
                    assertTrue(m.value() >= -3276.8 && m.value() <= 0xFFFF, m.toString());
                    assertTrue(m.quantity() != Quantity.FORMALDEHYDE || layout == Pms5003Layout.PMS5003ST, m.toString());
                }
            }
        }
        FrameCounters counters = decoder.counters();
        assertTrue(counters.good() == frames && frames * layout.size() <= fed, counters.toString());
    }
}

package org.envgate.drivers.sds011;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.drivers.Measurement;
import org.envgate.testing.FuzzInput;

/** Any bytes, split anywhere: data frames and replies, counted, and never an exception. */
class Sds011DecoderFuzzTest {

    @FuzzTest
    void feed(FuzzedDataProvider data) {
        Sds011Decoder decoder = new Sds011Decoder();
        long fed = 0;
        long messages = 0;
        for (byte[] chunk : FuzzInput.reads(data, 100)) {
            fed += chunk.length;
            for (Sds011Message message : decoder.feed(chunk)) {
                messages++;
                if (message instanceof Sds011Frame frame) {
                    for (Measurement m : frame.measurements()) {
                        assertTrue(m.value() >= 0 && m.value() <= 0xFFFF / 10.0, m.toString());
                    }
                }
            }
        }
        assertTrue(messages == decoder.counters().good() + decoder.replies(), decoder.counters().toString());
        assertTrue(messages * 10 <= fed, messages + " messages from " + fed + " bytes");
    }
}

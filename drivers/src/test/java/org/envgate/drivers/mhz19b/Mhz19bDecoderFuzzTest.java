package org.envgate.drivers.mhz19b;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.envgate.testing.FuzzInput;

/** Any bytes, split anywhere: readings with a 16-bit CO2 value, counted, and never an exception. */
class Mhz19bDecoderFuzzTest {

    @FuzzTest
    void feed(FuzzedDataProvider data) {
        Mhz19bDecoder decoder = new Mhz19bDecoder();
        long fed = 0;
        long readings = 0;
        for (byte[] chunk : FuzzInput.reads(data, 40)) {
            fed += chunk.length;
            for (Mhz19bReading reading : decoder.feed(chunk)) {
                readings++;
                assertTrue(reading.co2() >= 0 && reading.co2() <= 0xFFFF, reading.toString());
            }
        }
        assertTrue(readings == decoder.counters().good() && readings * 9 <= fed, decoder.counters().toString());
    }
}

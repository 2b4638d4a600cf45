package org.envgate.drivers.ds18b20;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.envgate.drivers.FrameException;

/** Any content of a {@code w1_slave} file: a temperature the w1-therm text can carry, or a {@link FrameException}. */
class W1SlaveDecoderFuzzTest {

    @FuzzTest
    void temperature(FuzzedDataProvider data) {
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
        try {
            double celsius = W1SlaveDecoder.temperature(text);
            assertTrue(Double.isFinite(celsius) && Math.abs(celsius) < 10_000, text);
        } catch (FrameException expected) {
            // Empty, garbled, a failed CRC, or one of the special scratchpads: the driver reports it.
        }
    }
}

package org.envgate.drivers.sht3x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/** Any bytes read as a measurement: a checksum or malformed-frame error, or the two values in the sensor's span. */
class Sht3xDecoderFuzzTest {

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        List<Measurement> values;
        try {
            values = Sht3xDecoder.decode(bytes);
        } catch (ChecksumMismatchException | MalformedFrameException e) {
            return;
        }
        assertEquals(6, bytes.length);
        assertEquals(List.of(Quantity.TEMPERATURE, Quantity.HUMIDITY), values.stream().map(Measurement::quantity).toList());
        assertTrue(values.get(0).value() >= -45 && values.get(0).value() <= 130, values.toString());
        assertTrue(values.get(1).value() >= 0 && values.get(1).value() <= 100, values.toString());
    }
}

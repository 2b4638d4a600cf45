package org.envgate.drivers.bme280;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;

/**
 * Any calibration memory and any data registers a chip (or a noisy bus) may return: either a
 * malformed-frame error or three finite values, never another exception (the integer formulas
 * divide, and a calibration of zeros must not reach a division by zero).
 */
class Bme280DecoderFuzzTest {

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        byte[] first = data.consumeBytes(data.consumeBoolean() ? Bme280Calibration.FIRST_BLOCK_LENGTH : 40);
        byte[] second = data.consumeBytes(data.consumeBoolean() ? Bme280Calibration.SECOND_BLOCK_LENGTH : 10);
        byte[] registers = data.consumeRemainingAsBytes();
        Bme280Calibration calibration;
        try {
            calibration = Bme280Calibration.parse(first, second);
        } catch (MalformedFrameException e) {
            return;
        }
        List<Measurement> values;
        try {
            values = Bme280Decoder.decode(calibration, registers);
        } catch (MalformedFrameException e) {
            return;
        }
        assertEquals(3, values.size());
        for (Measurement m : values) {
            assertTrue(Double.isFinite(m.value()), m.toString());
        }
    }
}

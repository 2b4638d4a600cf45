package org.envgate.drivers.sht3x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.FrameException;
import org.envgate.drivers.Measurement;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code vectors/sht3x}: the six bytes of one measurement. Keys:
 * {@code temperature} and {@code humidity} as {@code VALUE +- TOLERANCE}, {@code error = checksum}.
 */
class Sht3xVectorTest {

    static List<VectorFile> vectors() {
        return VectorFile.loadAll("vectors/sht3x");
    }

    @Test
    void crcOfTheDatasheetExample() {
        assertEquals(0x92, Sht3xCrc.of(0xBE, 0xEF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesAsExpected(VectorFile vector) throws FrameException {
        byte[] data = vector.bytes();
        for (VectorFile.Expectation expected : vector.expectations()) {
            String what = vector.name() + ": " + expected.key();
            switch (expected.key()) {
                case "temperature", "humidity" -> {
                    String[] valueAndTolerance = expected.value().split("\\+-");
                    Quantity quantity = Quantity.byId(expected.key()).orElseThrow();
                    double actual = Sht3xDecoder.decode(data).stream().filter(m -> m.quantity() == quantity)
                            .mapToDouble(Measurement::value).findFirst().orElseThrow();
                    assertEquals(Double.parseDouble(valueAndTolerance[0].trim()), actual,
                            Double.parseDouble(valueAndTolerance[1].trim()), what);
                }
                case "error" -> {
                    assertEquals("checksum", expected.value(), what);
                    assertThrows(ChecksumMismatchException.class, () -> Sht3xDecoder.decode(data), what);
                }
                default -> throw new IllegalArgumentException("unknown expectation key '" + expected.key() + "'");
            }
        }
    }
}

package org.envgate.drivers.bme280;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.testing.VectorFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code vectors/bme280}: three chunks, the calibration registers 0x88 to 0xA1
 * and 0xE1 to 0xE7, then the data registers 0xF7 to 0xFE. Keys: {@code t-fine} and
 * {@code temperature-centi} (the integer formula's exact results), {@code temperature},
 * {@code pressure} and {@code humidity} as {@code VALUE +- TOLERANCE} (Cel, hPa, %RH), and
 * {@code error = malformed}.
 */
class Bme280VectorTest {

    static List<VectorFile> vectors() {
        return VectorFile.loadAll("vectors/bme280");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void compensatesAsExpected(VectorFile vector) throws MalformedFrameException {
        assertEquals(3, vector.chunks().size(), vector.name() + ": calibration, calibration, data");
        Bme280Calibration calibration = Bme280Calibration.parse(vector.chunks().get(0), vector.chunks().get(1));
        byte[] data = vector.chunks().get(2);
        Bme280Decoder.Raw raw = Bme280Decoder.Raw.parse(data);
        int fine = Bme280Compensation.fineTemperature(calibration, raw.temperature());
        for (VectorFile.Expectation expected : vector.expectations()) {
            String what = vector.name() + ": " + expected.key();
            switch (expected.key()) {
                case "t-fine" -> assertEquals(expected.asLong(), fine, what);
                case "temperature-centi" -> assertEquals(expected.asLong(), Bme280Compensation.temperatureCentiCelsius(fine), what);
                case "temperature", "pressure", "humidity" -> {
                    String[] valueAndTolerance = expected.value().split("\\+-");
                    assertEquals(Double.parseDouble(valueAndTolerance[0].trim()), value(calibration, raw, expected.key()),
                            Double.parseDouble(valueAndTolerance[1].trim()), what);
                }
                case "error" -> {
                    assertEquals("malformed", expected.value(), what);
                    assertThrows(MalformedFrameException.class, () -> Bme280Decoder.decode(calibration, data), what);
                }
                default -> throw new IllegalArgumentException("unknown expectation key '" + expected.key() + "'");
            }
        }
    }

    private static double value(Bme280Calibration calibration, Bme280Decoder.Raw raw, String quantity) {
        return Bme280Decoder.values(calibration, raw).stream().filter(m -> m.quantity() == Quantity.byId(quantity).orElseThrow())
                .mapToDouble(Measurement::value).findFirst().orElseThrow();
    }
}

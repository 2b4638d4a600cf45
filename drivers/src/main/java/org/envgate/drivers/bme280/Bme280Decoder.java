package org.envgate.drivers.bme280;

import java.util.List;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.Measurement;
import org.envgate.wire.Quantity;

/**
 * Turns the eight data registers of one BME280 conversion (0xF7 to 0xFE) into temperature (Cel),
 * pressure (hPa) and relative humidity (%RH) with the chip's calibration. Pure: no I/O, no clock.
 */
public final class Bme280Decoder {

    private Bme280Decoder() {
    }

    /** The raw ADC values of one conversion: 20-bit pressure and temperature, 16-bit humidity. */
    public record Raw(int pressure, int temperature, int humidity) {

        /** The data registers that hold these values; the inverse of {@link #parse}. */
        public byte[] registers() {
            return new byte[] {(byte) (pressure >> 12), (byte) (pressure >> 4), (byte) ((pressure & 0x0F) << 4),
                    (byte) (temperature >> 12), (byte) (temperature >> 4), (byte) ((temperature & 0x0F) << 4),
                    (byte) (humidity >> 8), (byte) humidity};
        }

        /**
         * Reads the data registers: each 20-bit value is msb, lsb and the top nibble of xlsb.
         *
         * @throws MalformedFrameException when there are not 8 bytes
         */
        public static Raw parse(byte[] data) throws MalformedFrameException {
            if (data.length != Bme280Registers.DATA_LENGTH) {
                throw new MalformedFrameException("BME280 data must be " + Bme280Registers.DATA_LENGTH + " bytes, got "
                        + data.length);
            }
            return new Raw(twenty(data, 0), twenty(data, 3), ((data[6] & 0xFF) << 8) | (data[7] & 0xFF));
        }

        private static int twenty(byte[] b, int at) {
            return ((b[at] & 0xFF) << 12) | ((b[at + 1] & 0xFF) << 4) | ((b[at + 2] & 0xFF) >> 4);
        }
    }

    /**
     * The three values of one conversion, exactly as the integer formulas give them.
     *
     * @throws MalformedFrameException when a raw value is the reset value 0x80000 (0x8000 for
     *                                 humidity): no conversion ran, so there is nothing to report
     */
    public static List<Measurement> decode(Bme280Calibration calibration, byte[] data) throws MalformedFrameException {
        Raw raw = Raw.parse(data);
        if (raw.temperature() == Bme280Registers.SKIPPED_20_BIT || raw.pressure() == Bme280Registers.SKIPPED_20_BIT
                || raw.humidity() == Bme280Registers.SKIPPED_16_BIT) {
            throw new MalformedFrameException("BME280 data holds the reset values (0x80000, 0x8000): no conversion ran "
                    + "since the last reset");
        }
        return values(calibration, raw);
    }

    /** The values {@code raw} compensates to: temperature in Cel, pressure in hPa, humidity in %RH. */
    public static List<Measurement> values(Bme280Calibration calibration, Raw raw) {
        int fine = Bme280Compensation.fineTemperature(calibration, raw.temperature());
        return List.of(
                new Measurement(Quantity.TEMPERATURE, Bme280Compensation.temperatureCentiCelsius(fine) / 100.0),
                new Measurement(Quantity.PRESSURE, Bme280Compensation.pressureQ24p8(calibration, fine, raw.pressure()) / 25_600.0),
                new Measurement(Quantity.HUMIDITY, Bme280Compensation.humidityQ22p10(calibration, fine, raw.humidity()) / 1024.0));
    }
}

package org.envgate.drivers.bme280;

/** The BME280's register map (datasheet BST-BME280-DS002, section 5.3), shared with its twin. */
public final class Bme280Registers {

    /** Calibration {@code dig_T1} to {@code dig_H1}: 0x88 to 0xA1. */
    public static final int CALIBRATION_1 = 0x88;
    public static final int CHIP_ID = 0xD0;
    /** What {@link #CHIP_ID} holds on a BME280; a BMP280 answers 0x56 to 0x58, a BME680 0x61. */
    public static final int BME280_CHIP_ID = 0x60;
    /** Writing {@link #RESET_COMMAND} here resets the chip as at power-on. */
    public static final int RESET = 0xE0;
    public static final int RESET_COMMAND = 0xB6;
    /** Calibration {@code dig_H2} to {@code dig_H6}: 0xE1 to 0xE7. */
    public static final int CALIBRATION_2 = 0xE1;
    public static final int CTRL_HUM = 0xF2;
    public static final int STATUS = 0xF3;
    /** {@link #STATUS} bit 3: a conversion is running. */
    public static final int STATUS_MEASURING = 0x08;
    /** {@link #STATUS} bit 0: the calibration is being copied from memory (after a reset). */
    public static final int STATUS_IM_UPDATE = 0x01;
    public static final int CTRL_MEAS = 0xF4;
    public static final int CONFIG = 0xF5;
    /** press_msb to hum_lsb: 0xF7 to 0xFE, read in one burst so the three belong to one conversion. */
    public static final int DATA = 0xF7;
    public static final int DATA_LENGTH = 8;
    /** ctrl_hum: humidity oversampling x1. */
    public static final int HUMIDITY_X1 = 0x01;
    /**
     * ctrl_meas: temperature and pressure oversampling x1, forced mode: one conversion, then
     * sleep. The datasheet's setting for weather monitoring (section 3.5.1), with the filter off.
     */
    public static final int FORCED_X1 = 0b001_001_01;
    /** ctrl_meas bits 1-0: sleep 00, forced 01 or 10, normal 11. */
    public static final int MODE_MASK = 0x03;
    /** What a raw temperature or pressure reads when the conversion was skipped or has not run since reset. */
    public static final int SKIPPED_20_BIT = 0x80000;
    /** What the raw humidity reads when its conversion was skipped or has not run since reset. */
    public static final int SKIPPED_16_BIT = 0x8000;

    private Bme280Registers() {
    }
}

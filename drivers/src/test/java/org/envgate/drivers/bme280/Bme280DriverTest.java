package org.envgate.drivers.bme280;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.RangeCheckedDriver;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.GpioPlatforms;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;
import org.envgate.link.MockI2cBus;
import org.envgate.link.SerialSettings;
import org.envgate.testing.MapDriverOptions;
import org.envgate.testing.MockPlatform;
import org.envgate.testing.RegisterFile;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver against a register file on Pi4J's mock platform, holding the Pimoroni vector's calibration and conversion. */
class Bme280DriverTest {

    private static final Bme280Calibration CALIBRATION = new Bme280Calibration(28009, 25654, 50, 39145, -10750, 3024,
            5667, -120, -7, 15500, -14600, 6000, 75, 376, 0, 286, 50, 30);
    private static final SensorSpec SPEC = new SensorSpec("air", "i2c:1:0x76", SerialSettings.DEFAULT_9600_8N1);

    private final Context mock;
    private final DriverContext context;

    Bme280DriverTest() throws IOException {
        mock = GpioPlatforms.context("mock");
        context = MockPlatform.driverContext(mock);
    }

    @AfterEach
    void shutdown() {
        mock.shutdown();
    }

    private RegisterFile chip(int chipId) {
        byte[][] calibration = CALIBRATION.registers();
        RegisterFile chip = new RegisterFile()
                .set(Bme280Registers.CHIP_ID, (byte) chipId)
                .set(Bme280Registers.CALIBRATION_1, calibration[0])
                .set(Bme280Registers.CALIBRATION_2, calibration[1])
                .set(Bme280Registers.DATA, new Bme280Decoder.Raw(326816, 529191, 30281).registers());
        MockI2cBus.of(mock).attach(new I2cPort(1, 0x76), chip);
        return chip;
    }

    @Test
    void resetsTheChipThenReadsOneForcedConversionRoundedToTheResolutions() throws IOException {
        RegisterFile chip = chip(0x60);
        Bme280DriverProvider provider = new Bme280DriverProvider();
        try (RangeCheckedDriver driver = RangeCheckedDriver.create(provider, SPEC, new MapDriverOptions(Map.of()))) {
            driver.open(context);
            Map<Quantity, Double> values = MockPlatform.byQuantity(driver.read());
            assertEquals(Map.of(Quantity.TEMPERATURE, 24.79, Quantity.PRESSURE, 1006.61, Quantity.HUMIDITY, 68.669), values);
            assertEquals(1, driver.counters().good());
        }
        // chip id, reset, status, both calibration blocks, humidity x1, filter off; then forced mode, status, data
        assertEquals(List.of("d0", "e0b6", "f3", "88", "e1", "f201", "f500", "f425", "f3", "f7"), chip.writes());
    }

    @Test
    void anotherBoschChipIsNamed() {
        chip(0x58);
        Bme280Driver driver = new Bme280Driver(SPEC);
        SensorErrorException e = assertThrows(SensorErrorException.class, () -> driver.open(context));
        assertEquals("sensor air on i2c:1:0x76: chip id 0x58 is not a BME280's (0x60): a Bosch BMP280 (temperature and "
                + "pressure, no humidity), which envgate does not read", e.getMessage());
    }

    @Test
    void nothingAtTheAddressFailsTheOpenNamingThePort() {
        Bme280Driver driver = new Bme280Driver(SPEC);
        I2cNoAnswerException e = assertThrows(I2cNoAnswerException.class, () -> driver.open(context));
        assertTrue(e.getMessage().startsWith("i2c:1:0x76: no acknowledge"), e.getMessage());
    }

    @Test
    void aChipThatStopsAnsweringIsATimeoutAndAWedgedConversionIsReset() throws IOException {
        RegisterFile chip = chip(0x60);
        try (Bme280Driver driver = new Bme280Driver(SPEC)) {
            driver.open(context);
            chip.silent(true);
            SensorTimeoutException silent = assertThrows(SensorTimeoutException.class, driver::read);
            assertTrue(silent.getMessage().startsWith("sensor air on i2c:1:0x76: no answer: "), silent.getMessage());
            chip.silent(false);
            chip.set(Bme280Registers.STATUS, (byte) Bme280Registers.STATUS_MEASURING);
            SensorTimeoutException wedged = assertThrows(SensorTimeoutException.class, driver::read);
            assertEquals("sensor air on i2c:1:0x76: conversion still running after 20 ms; the chip was reset", wedged.getMessage());
            assertTrue(chip.writes().stream().filter("e0b6"::equals).count() == 2, chip.writes().toString());
        }
    }

    @Test
    void portsOutsideTheChipsAddressesAreRefused() {
        Bme280DriverProvider provider = new Bme280DriverProvider();
        provider.checkPort("i2c:1:0x77");
        assertEquals("a bme280 answers only at 0x76 or 0x77, not 0x44",
                assertThrows(org.envgate.drivers.OptionException.class, () -> provider.checkPort("i2c:1:0x44")).getMessage());
        assertTrue(assertThrows(org.envgate.drivers.OptionException.class, () -> provider.checkPort("/dev/i2c-1"))
                .getMessage().contains("must be i2c:<bus>:<address>"));
    }
}

package org.envgate.drivers.bme280;

import java.io.IOException;
import java.util.List;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.FrameException;
import org.envgate.drivers.I2cSensorDriver;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.link.I2cDevice;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;

/**
 * Reads a Bosch BME280 over I2C in forced mode: each read starts one conversion (x1 oversampling,
 * filter off), waits for it and reads the eight data registers in one burst. Opening checks the
 * chip id, resets the chip and reads its calibration. A conversion that does not finish is met
 * with a soft reset, so a wedged chip comes back at the next read.
 */
public final class Bme280Driver extends I2cSensorDriver {

    /** Datasheet section 9.1: 1.25 + 2.3 + 2.875 + 2.875 ms at most for x1, x1, x1. */
    private static final long CONVERSION_MILLIS = 10;
    /** How many 1 ms polls past {@link #CONVERSION_MILLIS} a conversion may take before the chip is called wedged. */
    private static final int STATUS_POLLS = 10;
    /** Datasheet: 2 ms from reset until the chip answers with its calibration loaded. */
    private static final long RESET_MILLIS = 2;

    private Bme280Calibration calibration;
    private long good;
    private long malformed;

    public Bme280Driver(SensorSpec spec) {
        super(spec);
    }

    @Override
    protected void prepare(I2cDevice chip) throws IOException {
        int chipId = chip.readRegisters(Bme280Registers.CHIP_ID, 1)[0] & 0xFF;
        if (chipId != Bme280Registers.BME280_CHIP_ID) {
            throw new SensorErrorException(where() + ": chip id " + I2cPort.hex(chipId) + " is not a BME280's (0x60)"
                    + Bme280DriverProvider.otherChip(chipId));
        }
        calibration = reset(chip);
    }

    /** Resets the chip, waits for it to load its calibration, reads it and sets the oversampling. */
    private Bme280Calibration reset(I2cDevice chip) throws IOException {
        chip.writeRegister(Bme280Registers.RESET, Bme280Registers.RESET_COMMAND);
        pause(RESET_MILLIS);
        for (int poll = 0; (chip.readRegisters(Bme280Registers.STATUS, 1)[0] & Bme280Registers.STATUS_IM_UPDATE) != 0; poll++) {
            if (poll == STATUS_POLLS) {
                throw new SensorTimeoutException(where() + ": still loading its calibration " + STATUS_POLLS
                        + " ms after a reset");
            }
            pause(1);
        }
        Bme280Calibration loaded = Bme280Calibration.parse(
                chip.readRegisters(Bme280Registers.CALIBRATION_1, Bme280Calibration.FIRST_BLOCK_LENGTH),
                chip.readRegisters(Bme280Registers.CALIBRATION_2, Bme280Calibration.SECOND_BLOCK_LENGTH));
        // ctrl_hum takes effect only with the next write of ctrl_meas, which every read makes.
        chip.writeRegister(Bme280Registers.CTRL_HUM, Bme280Registers.HUMIDITY_X1);
        chip.writeRegister(Bme280Registers.CONFIG, 0);
        return loaded;
    }

    @Override
    public List<Measurement> read() throws IOException {
        I2cDevice chip = device();
        try {
            chip.writeRegister(Bme280Registers.CTRL_MEAS, Bme280Registers.FORCED_X1);
            pause(CONVERSION_MILLIS);
            for (int poll = 0; (chip.readRegisters(Bme280Registers.STATUS, 1)[0] & Bme280Registers.STATUS_MEASURING) != 0; poll++) {
                if (poll == STATUS_POLLS) {
                    softReset(chip);
                    throw new SensorTimeoutException(where() + ": conversion still running after "
                            + (CONVERSION_MILLIS + STATUS_POLLS) + " ms; the chip was reset");
                }
                pause(1);
            }
            List<Measurement> values = Bme280Decoder.decode(calibration,
                    chip.readRegisters(Bme280Registers.DATA, Bme280Registers.DATA_LENGTH));
            good++;
            return values;
        } catch (I2cNoAnswerException e) {
            throw timeout(where() + ": no answer: " + e.getMessage(), e);
        } catch (FrameException e) {
            malformed++;
            throw timeout(where() + ": " + e.getMessage(), e);
        }
    }

    /** A wedged conversion: reset, reload the calibration; a chip that does not answer is left to the next read. */
    private void softReset(I2cDevice chip) {
        try {
            calibration = reset(chip);
        } catch (IOException e) {
            // The read that called this reports the fault; the next one tries again.
        }
    }

    @Override
    public FrameCounters counters() {
        return new FrameCounters(good, 0, malformed);
    }
}

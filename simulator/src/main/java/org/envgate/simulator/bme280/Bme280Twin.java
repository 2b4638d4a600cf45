package org.envgate.simulator.bme280;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.function.IntPredicate;
import org.envgate.drivers.bme280.Bme280Calibration;
import org.envgate.drivers.bme280.Bme280Compensation;
import org.envgate.drivers.bme280.Bme280Decoder;
import org.envgate.drivers.bme280.Bme280DriverProvider;
import org.envgate.drivers.bme280.Bme280Registers;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.simulator.I2cTwin;
import org.envgate.simulator.OutdoorAir;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;

/**
 * A BME280 as its registers on the mock platform's I2C bus: chip id 0x60, a real chip's trimming
 * (the one in Pimoroni's tests), a reset that puts the data registers back to their reset
 * values, and a forced-mode conversion that turns {@link OutdoorAir} into the raw values the
 * datasheet's formulas give that air back from. Every conversion is reported to the listeners
 * with the values the driver will report (its resolutions applied).
 *
 * <p>Faults: {@link TwinFaults.Fault#SILENT} acknowledges nothing (unpowered);
 * {@link TwinFaults.Fault#STUCK} wedges the next conversion, whose status says "measuring" until
 * a soft reset; {@link TwinFaults.Fault#OUT_OF_RANGE} converts 100 Cel air.
 */
public final class Bme280Twin extends I2cTwin {

    /** A real chip's trimming, from Pimoroni's bme280-python tests. */
    public static final Bme280Calibration CALIBRATION = new Bme280Calibration(28009, 25654, 50, 39145, -10750, 3024,
            5667, -120, -7, 15500, -14600, 6000, 75, 376, 0, 286, 50, 30);
    private static final int TWENTY_BITS = (1 << 20) - 1;
    private static final int SIXTEEN_BITS = (1 << 16) - 1;

    private final OutdoorAir air;
    private final Clock clock;
    private final byte[] registers = new byte[256];
    private int pointer;
    private boolean wedged;

    public Bme280Twin(TwinOptions options, ZoneId zone, Clock clock) {
        super(new Bme280DriverProvider());
        this.air = new OutdoorAir(options.seed(), zone);
        this.clock = clock;
        reset();
    }

    @Override
    public synchronized void write(byte[] bytes) throws I2cNoAnswerException {
        acknowledge();
        pointer = bytes[0] & 0xFF;
        for (int i = 1; i < bytes.length; i++) {
            int register = pointer;
            registers[register] = bytes[i];
            pointer = (pointer + 1) & 0xFF;
            if (register == Bme280Registers.RESET && (bytes[i] & 0xFF) == Bme280Registers.RESET_COMMAND) {
                reset();
            } else if (register == Bme280Registers.CTRL_MEAS && (bytes[i] & Bme280Registers.MODE_MASK) != 0) {
                convert();
            }
        }
    }

    @Override
    public synchronized byte[] read(int length) throws I2cNoAnswerException {
        acknowledge();
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = registers[pointer];
            pointer = (pointer + 1) & 0xFF;
        }
        return bytes;
    }

    private void acknowledge() throws I2cNoAnswerException {
        if (faults().on(TwinFaults.Fault.SILENT)) {
            throw new I2cNoAnswerException("the BME280 twin is silent");
        }
    }

    /** The power-on state: trimming in place, no conversion yet, sleep mode. */
    private void reset() {
        Arrays.fill(registers, (byte) 0);
        registers[Bme280Registers.CHIP_ID] = (byte) Bme280Registers.BME280_CHIP_ID;
        byte[][] trimming = CALIBRATION.registers();
        System.arraycopy(trimming[0], 0, registers, Bme280Registers.CALIBRATION_1, trimming[0].length);
        System.arraycopy(trimming[1], 0, registers, Bme280Registers.CALIBRATION_2, trimming[1].length);
        store(new Bme280Decoder.Raw(Bme280Registers.SKIPPED_20_BIT, Bme280Registers.SKIPPED_20_BIT,
                Bme280Registers.SKIPPED_16_BIT));
        wedged = false;
    }

    private void convert() {
        wedged |= wedgesNow();
        if (wedged) {
            registers[Bme280Registers.STATUS] = (byte) Bme280Registers.STATUS_MEASURING;
            return;
        }
        long now = clock.millis();
        OutdoorAir.Sample sample = air.at(now);
        double celsius = faults().on(TwinFaults.Fault.OUT_OF_RANGE) ? 100 : sample.celsius();
        Bme280Decoder.Raw raw = raw(celsius, sample.hectopascals(), sample.humidity());
        store(raw);
        registers[Bme280Registers.STATUS] = 0;
        sent(Bme280Decoder.values(CALIBRATION, raw), now);
    }

    private void store(Bme280Decoder.Raw raw) {
        byte[] data = raw.registers();
        System.arraycopy(data, 0, registers, Bme280Registers.DATA, data.length);
    }

    /**
     * The raw values whose compensation comes nearest to the air: each formula is monotonic in its
     * raw value (pressure falling as its raw value rises), so a bisection finds it.
     */
    static Bme280Decoder.Raw raw(double celsius, double hectopascals, double humidity) {
        int adcT = bisect(0, TWENTY_BITS, adc -> Bme280Compensation.temperatureCentiCelsius(
                Bme280Compensation.fineTemperature(CALIBRATION, adc)) / 100.0 >= celsius);
        int fine = Bme280Compensation.fineTemperature(CALIBRATION, adcT);
        int adcP = bisect(0, TWENTY_BITS, adc -> Bme280Compensation.pressureQ24p8(CALIBRATION, fine, adc) / 25_600.0 <= hectopascals);
        int adcH = bisect(0, SIXTEEN_BITS, adc -> Bme280Compensation.humidityQ22p10(CALIBRATION, fine, adc) / 1024.0 >= humidity);
        return new Bme280Decoder.Raw(notReset(adcP, Bme280Registers.SKIPPED_20_BIT),
                notReset(adcT, Bme280Registers.SKIPPED_20_BIT), notReset(adcH, Bme280Registers.SKIPPED_16_BIT));
    }

    /** A conversion never yields the reset value (the driver takes it for "no conversion"): one step off it. */
    private static int notReset(int adc, int resetValue) {
        return adc == resetValue ? adc + 1 : adc;
    }

    /** The smallest value in {@code low..high} where {@code reached} holds (it holds from there on), or {@code high}. */
    private static int bisect(int low, int high, IntPredicate reached) {
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (reached.test(middle)) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }
}

package org.envgate.simulator.sht3x;

import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Random;
import org.envgate.drivers.ChecksumMismatchException;
import org.envgate.drivers.MalformedFrameException;
import org.envgate.drivers.sht3x.Sht3xCommands;
import org.envgate.drivers.sht3x.Sht3xDecoder;
import org.envgate.drivers.sht3x.Sht3xDriverProvider;
import org.envgate.link.I2cNoAnswerException;
import org.envgate.link.I2cPort;
import org.envgate.simulator.I2cTwin;
import org.envgate.simulator.OutdoorAir;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;

/**
 * An SHT3x as its commands on the mock platform's I2C bus: a single-shot measurement of
 * {@link OutdoorAir} (0x2400 and 0x2C06), the status register (0xF32D) and the soft reset
 * (0x30A2). A read with no measurement pending is not acknowledged, as on the chip. Every
 * measurement sent with valid CRCs is reported to the listeners with the values the driver will
 * report (its resolutions applied).
 *
 * <p>Faults: {@link TwinFaults.Fault#SILENT} acknowledges nothing; {@link TwinFaults.Fault#STUCK}
 * wedges the sensor at its next command, acknowledging nothing but the soft reset;
 * {@link TwinFaults.Fault#BAD_CHECKSUM} (or {@link TwinOptions#badChecksumProbability()} per
 * measurement) sends the humidity word with a wrong CRC; {@link TwinFaults.Fault#OUT_OF_RANGE}
 * sends the largest temperature word, 130 Cel.
 */
public final class Sht3xTwin extends I2cTwin {

    private static final int CLOCK_STRETCHING_HIGH = 0x2C06;

    private final TwinOptions options;
    private final OutdoorAir air;
    private final Clock clock;
    private final Random dice;
    private byte[] pending = new byte[0];
    private boolean wedged;

    public Sht3xTwin(TwinOptions options, ZoneId zone, Clock clock) {
        super(new Sht3xDriverProvider());
        this.options = options;
        this.air = new OutdoorAir(options.seed(), zone);
        this.clock = clock;
        this.dice = new Random(options.seed());
    }

    @Override
    public synchronized void write(byte[] bytes) throws I2cNoAnswerException {
        if (faults().on(TwinFaults.Fault.SILENT)) {
            throw new I2cNoAnswerException("the SHT3x twin is silent");
        }
        int command = bytes.length == 2 ? ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF) : -1;
        if (command == Sht3xCommands.SOFT_RESET) {
            wedged = false;
            pending = new byte[0];
            return;
        }
        wedged |= wedgesNow();
        if (wedged) {
            throw new I2cNoAnswerException("the SHT3x twin is wedged until a soft reset");
        }
        if (command == Sht3xCommands.MEASURE_HIGH || command == CLOCK_STRETCHING_HIGH) {
            measure();
        } else if (command == Sht3xCommands.READ_STATUS) {
            pending = Sht3xDecoder.encode(0x0000);
        } else {
            throw new I2cNoAnswerException("the SHT3x does not know command " + I2cPort.hex(command));
        }
    }

    @Override
    public synchronized byte[] read(int length) throws I2cNoAnswerException {
        if (faults().on(TwinFaults.Fault.SILENT) || wedged || pending.length == 0) {
            throw new I2cNoAnswerException("the SHT3x twin has nothing to send");
        }
        byte[] answer = Arrays.copyOf(pending, length);
        pending = new byte[0];
        return answer;
    }

    private void measure() {
        long now = clock.millis();
        OutdoorAir.Sample sample = air.at(now);
        int temperature = faults().on(TwinFaults.Fault.OUT_OF_RANGE) ? 0xFFFF : word((sample.celsius() + 45) / 175);
        int humidity = word(sample.humidity() / 100);
        byte[] frame = new byte[Sht3xCommands.MEASUREMENT_LENGTH];
        System.arraycopy(Sht3xDecoder.encode(temperature), 0, frame, 0, 3);
        System.arraycopy(Sht3xDecoder.encode(humidity), 0, frame, 3, 3);
        if (faults().strikes(TwinFaults.Fault.BAD_CHECKSUM, options.badChecksumProbability(), dice)) {
            frame[5] ^= 0x01;
            pending = frame;
            return;
        }
        pending = frame;
        try {
            sent(Sht3xDecoder.decode(frame), now);
        } catch (ChecksumMismatchException | MalformedFrameException e) {
            throw new IllegalStateException("the twin's own frame does not decode", e);
        }
    }

    /** The 16-bit word of a fraction of the full scale. */
    private static int word(double fraction) {
        return (int) Math.round(Math.max(0, Math.min(1, fraction)) * 65535);
    }
}

package org.envgate.simulator.sds011;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * A Nova SDS011 (id A160) on its UART. Powers up awake in active mode (the factory default),
 * sending a frame every period, or one every working period when that is set. Commands as in the
 * protocol sheet V1.3, each set answered with {@code AA C5}: 02 reporting mode, 04 query (answered
 * with a data frame, when awake), 06 sleep/work, 08 working period. Asleep it answers only 06.
 * Commands that only ask (D1 = 0), unknown ones and ones with a wrong checksum are ignored.
 * It has no error response.
 */
public final class Sds011Twin implements SensorTwin {

    public static final String MODEL = "sds011";
    static final int DEVICE_ID = 0xA160;
    /** Out of range: 1200.0 ug/m3, above the datasheet's 999.9. */
    static final int OUT_OF_RANGE_TENTHS = 12_000;

    private final TwinOptions options;
    private final Random faults;
    private final ParticleSignal signal;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final CommandReader commands = new CommandReader();
    private final TwinFaults switchedFaults = new TwinFaults();
    private int[] last;
    private boolean query;
    private boolean asleep;
    private int workingPeriodMinutes;
    private long nextFrameMillis = Long.MIN_VALUE;
    private long injected;

    public Sds011Twin(TwinOptions options) {
        this(options, ZoneId.systemDefault());
    }

    /** With the time zone whose local time drives the daily cycle. */
    public Sds011Twin(TwinOptions options, ZoneId zone) {
        this.options = options;
        this.faults = new Random(options.seed());
        this.signal = new ParticleSignal(options.seed() * 31 + 11, zone);
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public TwinFaults faults() {
        return switchedFaults;
    }

    @Override
    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** Frames spoiled on purpose so far: garbage before, bad checksum or torn. */
    public long injectedFaults() {
        return injected;
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        sendDueFrames(nowMillis);
        for (int[] command : commands.feed(bytes, offset, length)) {
            handle(command[0], command[1], command[2], nowMillis);
        }
    }

    @Override
    public byte[] poll(long nowMillis) {
        sendDueFrames(nowMillis);
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    private void handle(int command, int set, int value, long nowMillis) {
        if (asleep && command != 0x06) {
            return;
        }
        if (command == 0x04) {
            sendFrame(nowMillis);
            return;
        }
        if (set != 1) {
            return;
        }
        switch (command) {
            case 0x02 -> query = value == 1;
            case 0x06 -> asleep = value == 0;
            case 0x08 -> workingPeriodMinutes = value;
            default -> {
                return;
            }
        }
        output.writeBytes(Sds011FrameEncoder.reply(command, value, DEVICE_ID));
        nextFrameMillis = nowMillis + framePeriodMillis();
    }

    private long framePeriodMillis() {
        return workingPeriodMinutes == 0 ? options.period().toMillis() : workingPeriodMinutes * 60_000L;
    }

    private void sendDueFrames(long nowMillis) {
        if (nextFrameMillis == Long.MIN_VALUE) {
            nextFrameMillis = nowMillis; // powered up: the first frame goes out at once
        }
        if (query || asleep) {
            return;
        }
        while (nextFrameMillis <= nowMillis) {
            sendFrame(nextFrameMillis);
            nextFrameMillis += framePeriodMillis();
        }
    }

    private void sendFrame(long timeMillis) {
        int[] sample = last != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? last : signal.sample(timeMillis, options.signals());
        last = sample;
        boolean outOfRange = switchedFaults.on(TwinFaults.Fault.OUT_OF_RANGE);
        int pm25 = outOfRange ? OUT_OF_RANGE_TENTHS : sample[0];
        int pm10 = outOfRange ? OUT_OF_RANGE_TENTHS + 10 : sample[1];
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] noise = new byte[1 + faults.nextInt(8)];
            faults.nextBytes(noise);
            output.writeBytes(noise);
            injected++;
        }
        byte[] frame = Sds011FrameEncoder.dataFrame(pm25, pm10, DEVICE_ID);
        if (strikes(TwinFaults.Fault.BAD_CHECKSUM, options.badChecksumProbability())) {
            frame[8] ^= (byte) (1 + faults.nextInt(255));
            output.writeBytes(frame);
            injected++;
        } else if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            output.write(frame, 0, 1 + faults.nextInt(frame.length - 1));
            injected++;
        } else {
            output.writeBytes(frame);
            if (!outOfRange) {
                TwinSample sent = new TwinSample(MODEL, Map.of(Quantity.PM2_5, pm25 / 10.0, Quantity.PM10, pm10 / 10.0),
                        timeMillis);
                listeners.forEach(listener -> listener.sent(sent));
            }
        }
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switchedFaults.strikes(fault, probability, faults);
    }
}

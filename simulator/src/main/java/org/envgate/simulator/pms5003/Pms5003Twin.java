package org.envgate.simulator.pms5003;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.drivers.pms5003.Pms5003Commands;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.SensorTwin;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * A Plantower PMS5003 on its UART, or a PMS5003T or PMS5003ST ({@link Variant}), which add
 * temperature, humidity and formaldehyde to the same protocol. Powers up awake in active mode, sending a frame every period.
 * Commands as in the datasheet: {@code E1 00 00} passive mode, {@code E1 00 01} active mode
 * (each answered with {@code 42 4D 00 04 E1 mode checksum}, as real sensors do according to
 * PyPMS and the Pimoroni library's tests), {@code E2} sends one frame in passive mode,
 * {@code E4 00 00} sleep (answered the same way), {@code E4 00 01} wake (no answer; frames
 * resume). Asleep it ignores everything but wake. Unknown commands and commands with a wrong
 * check word are ignored.
 */
public final class Pms5003Twin implements SensorTwin {

    public static final String MODEL = "pms5003";

    /** Which sensor the twin is: the frames it sends. */
    public enum Variant {
        PMS5003("pms5003"), PMS5003T("pms5003t"), PMS5003ST("pms5003st");

        private final String model;

        Variant(String model) {
            this.model = model;
        }

        public String model() {
            return model;
        }
    }
    /**
     * The PM2.5 of {@link TwinFaults.Fault#OUT_OF_RANGE}: far beyond the datasheet's 1000 ug/m3, in
     * a frame whose checksum is right, as was seen reported from a real sensor.
     */
    public static final int OUT_OF_RANGE_PM25 = 65_341;

    /** What fault injection did so far. */
    public record InjectedFaults(long garbage, long badChecksums, long tornFrames) {
    }

    private final Variant variant;
    private final TwinOptions options;
    private final Random faults;
    private final SignalModel signal;
    private final ClimateSignal climate;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final CommandReader commands = new CommandReader();
    private final TwinFaults switchedFaults = new TwinFaults();
    private ParticleSample last;
    private ClimateSample lastAir;
    private boolean passive;
    private boolean asleep;
    private long nextFrameMillis = Long.MIN_VALUE;
    private long garbage;
    private long badChecksums;
    private long tornFrames;

    public Pms5003Twin(TwinOptions options) {
        this(Variant.PMS5003, options, ZoneId.systemDefault());
    }

    /** With the time zone whose local time of day drives the daily cycle. */
    public Pms5003Twin(TwinOptions options, ZoneId zone) {
        this(Variant.PMS5003, options, zone);
    }

    public Pms5003Twin(Variant variant, TwinOptions options, ZoneId zone) {
        this.variant = variant;
        this.options = options;
        this.faults = new Random(options.seed());
        this.signal = new SignalModel(options.seed() * 31 + 7, zone);
        this.climate = new ClimateSignal(options.seed() * 17 + 3, zone);
    }

    @Override
    public String model() {
        return variant.model();
    }

    @Override
    public TwinFaults faults() {
        return switchedFaults;
    }

    @Override
    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** Whether it sends a frame only when asked (passive mode), as the gateway's driver sets it. */
    public boolean passive() {
        return passive;
    }

    public InjectedFaults injectedFaults() {
        return new InjectedFaults(garbage, badChecksums, tornFrames);
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        sendDueFrames(nowMillis);
        for (int[] command : commands.feed(bytes, offset, length)) {
            handle(command[0], command[1], nowMillis);
        }
    }

    @Override
    public byte[] poll(long nowMillis) {
        sendDueFrames(nowMillis);
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    private void handle(int command, int data, long nowMillis) {
        if (asleep) {
            if (command == Pms5003Commands.SLEEP_SET && data == Pms5003Commands.WAKE) {
                asleep = false;
                nextFrameMillis = nowMillis + options.period().toMillis();
            }
            return;
        }
        switch (command) {
            case Pms5003Commands.CHANGE_MODE -> {
                passive = data == Pms5003Commands.MODE_PASSIVE;
                nextFrameMillis = nowMillis + options.period().toMillis();
                output.writeBytes(Pms5003FrameEncoder.answer(command, data));
            }
            case Pms5003Commands.READ_PASSIVE -> {
                if (passive) {
                    sendFrame(nowMillis);
                }
            }
            case Pms5003Commands.SLEEP_SET -> {
                if (data == Pms5003Commands.SLEEP) {
                    asleep = true;
                    output.writeBytes(Pms5003FrameEncoder.answer(command, data));
                }
            }
        }
    }

    private void sendDueFrames(long nowMillis) {
        if (nextFrameMillis == Long.MIN_VALUE) {
            nextFrameMillis = nowMillis; // powered up: the first frame goes out at once
        }
        if (passive || asleep) {
            return;
        }
        while (nextFrameMillis <= nowMillis) {
            sendFrame(nextFrameMillis);
            nextFrameMillis += options.period().toMillis();
        }
    }

    private void sendFrame(long timeMillis) {
        ParticleSample sample = last != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? last : signal.sample(timeMillis, options.signals());
        last = sample;
        boolean outOfRange = switchedFaults.on(TwinFaults.Fault.OUT_OF_RANGE);
        if (outOfRange) {
            sample = new ParticleSample(sample.pm1Cf1(), sample.pm25Cf1(), sample.pm10Cf1(), sample.pm1(), OUT_OF_RANGE_PM25,
                    sample.pm10(), sample.counts());
        }
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] noise = new byte[1 + faults.nextInt(8)];
            faults.nextBytes(noise);
            output.writeBytes(noise);
            garbage++;
        }
        ClimateSample air = variant == Variant.PMS5003 ? null
                : lastAir != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? lastAir : climate.sample(timeMillis, options.signals());
        lastAir = air;
        byte[] frame = switch (variant) {
            case PMS5003 -> Pms5003FrameEncoder.dataFrame(sample, Pms5003FrameEncoder.VERSION, 0);
            case PMS5003T -> Pms5003FrameEncoder.pms5003tFrame(sample, air, Pms5003FrameEncoder.VERSION, 0);
            case PMS5003ST -> Pms5003FrameEncoder.pms5003stFrame(sample, air, Pms5003FrameEncoder.VERSION, 0);
        };
        if (strikes(TwinFaults.Fault.BAD_CHECKSUM, options.badChecksumProbability())) {
            frame[frame.length - 1] ^= (byte) (1 + faults.nextInt(255));
            output.writeBytes(frame);
            badChecksums++;
        } else if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            output.write(frame, 0, 1 + faults.nextInt(frame.length - 1));
            tornFrames++;
        } else if (outOfRange) {
            output.writeBytes(frame);
        } else {
            output.writeBytes(frame);
            Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
            values.put(Quantity.PM1_0, (double) sample.pm1());
            values.put(Quantity.PM2_5, (double) sample.pm25());
            values.put(Quantity.PM10, (double) sample.pm10());
            values.put(Quantity.PM1_0_CF1, (double) sample.pm1Cf1());
            values.put(Quantity.PM2_5_CF1, (double) sample.pm25Cf1());
            values.put(Quantity.PM10_CF1, (double) sample.pm10Cf1());
            if (air != null) {
                values.put(Quantity.TEMPERATURE, air.temperatureTenths() / 10.0);
                values.put(Quantity.HUMIDITY, air.humidityTenths() / 10.0);
            }
            if (variant == Variant.PMS5003ST) {
                values.put(Quantity.FORMALDEHYDE, air.formaldehyde() / 1000.0);
            }
            TwinSample sent = new TwinSample(model(), Map.copyOf(values), timeMillis);
            listeners.forEach(listener -> listener.sent(sent));
        }
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switchedFaults.strikes(fault, probability, faults);
    }
}

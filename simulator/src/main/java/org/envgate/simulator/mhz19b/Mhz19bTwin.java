package org.envgate.simulator.mhz19b;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.LocalTime;
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
 * A Winsen MH-Z19B on its UART: answers each read ({@code FF 01 86 00 00 00 00 00 79}) with a
 * 9-byte answer, accepts the automatic-baseline switch ({@code 79}) without answering, and ignores
 * everything else, including commands with a wrong checksum. It sends nothing on its own and has
 * no error response. Outdoor CO2: about 420 ppm at night, rush-hour traffic adds up to ~80 ppm.
 */
public final class Mhz19bTwin implements SensorTwin {

    public static final String MODEL = "mhz19b";
    /** Out of range: above the 0-5000 ppm detection range. */
    static final int OUT_OF_RANGE_PPM = 5_600;
    /** Byte 4 of an answer: 25 C + 40, as many units send. */
    private static final int TEMPERATURE_BYTE = 65;

    private final Random faults;
    private final Random noise;
    private final ZoneId zone;
    private final TwinOptions options;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private final TwinFaults switchedFaults = new TwinFaults();
    private Integer last;
    private double drift;
    private boolean automaticBaseline = true;
    private long injected;

    public Mhz19bTwin(TwinOptions options) {
        this(options, ZoneId.systemDefault());
    }

    /** With the time zone whose local time drives the daily cycle. */
    public Mhz19bTwin(TwinOptions options, ZoneId zone) {
        this.options = options;
        this.faults = new Random(options.seed());
        this.noise = new Random(options.seed() * 31 + 13);
        this.zone = zone;
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

    /** Answers spoiled on purpose so far: garbage before, bad checksum or torn. */
    public long injectedFaults() {
        return injected;
    }

    /** Whether automatic baseline correction is on (the factory default) after the commands so far. */
    public boolean automaticBaseline() {
        return automaticBaseline;
    }

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        held.write(bytes, offset, length);
        byte[] buffer = held.toByteArray();
        int at = 0;
        while (at < buffer.length) {
            if (Byte.toUnsignedInt(buffer[at]) != 0xFF || (at + 1 < buffer.length && buffer[at + 1] != 0x01)) {
                at++;
                continue;
            }
            if (buffer.length - at < 9) {
                break;
            }
            int sum = 0;
            for (int i = at + 1; i < at + 8; i++) {
                sum += Byte.toUnsignedInt(buffer[i]);
            }
            if (((0x100 - (sum & 0xFF)) & 0xFF) != Byte.toUnsignedInt(buffer[at + 8])) {
                at++;
                continue;
            }
            handle(Byte.toUnsignedInt(buffer[at + 2]), Byte.toUnsignedInt(buffer[at + 3]), nowMillis);
            at += 9;
        }
        held.reset();
        held.write(buffer, at, buffer.length - at);
    }

    @Override
    public byte[] poll(long nowMillis) {
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    private void handle(int command, int byte3, long nowMillis) {
        if (command == 0x79) {
            automaticBaseline = byte3 == 0xA0;
        } else if (command == 0x86) {
            answer(nowMillis);
        }
    }

    private void answer(long nowMillis) {
        int co2 = last != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? last : sample(nowMillis);
        last = co2;
        boolean outOfRange = switchedFaults.on(TwinFaults.Fault.OUT_OF_RANGE);
        int sent = outOfRange ? OUT_OF_RANGE_PPM : co2;
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] bytes = new byte[1 + faults.nextInt(8)];
            faults.nextBytes(bytes);
            output.writeBytes(bytes);
            injected++;
        }
        byte[] answer = Mhz19bAnswerEncoder.answer(sent, TEMPERATURE_BYTE);
        if (strikes(TwinFaults.Fault.BAD_CHECKSUM, options.badChecksumProbability())) {
            answer[8] ^= (byte) (1 + faults.nextInt(255));
            output.writeBytes(answer);
            injected++;
        } else if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            output.write(answer, 0, 1 + faults.nextInt(answer.length - 1));
            injected++;
        } else {
            output.writeBytes(answer);
            if (!outOfRange) {
                TwinSample sample = new TwinSample(MODEL, Map.of(Quantity.CO2, (double) sent), nowMillis);
                listeners.forEach(listener -> listener.sent(sample));
            }
        }
    }

    /** CO2 in ppm: background, traffic peaks, slowly wandering noise; or what a scenario dictates. */
    private int sample(long timeMillis) {
        drift = 0.95 * drift + 2.0 * noise.nextGaussian();
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        double traffic = 70 * peak(hour, 7.5, 1.3) + 55 * peak(hour, 18.0, 1.6);
        double co2 = options.signals().value(Quantity.CO2, timeMillis).orElse(420 + traffic + drift);
        return (int) Math.max(0, Math.min(0xFFFF, Math.round(co2)));
    }

    private static double peak(double hour, double centre, double width) {
        double distance = Math.abs(hour - centre);
        distance = Math.min(distance, 24 - distance);
        return Math.exp(-0.5 * (distance / width) * (distance / width));
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switchedFaults.strikes(fault, probability, faults);
    }
}

package org.envgate.simulator.line;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
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
 * An instrument that prints lines, for the {@code line} driver: a Vaisala WXT520 weather
 * transmitter at address 0, polled. It answers {@code 0R0} and CR LF with its composite data
 * message, {@code 0R0,Dn=..,Dm=..,Sm=..,Ta=9.0C,Ua=88.6P,Pa=1006.9H,Rc=0.00M} and CR LF, and
 * ignores anything else. Temperature peaks mid-afternoon, humidity the other way round,
 * pressure follows its twice-daily tide; a scenario may dictate each. The out-of-range fault
 * sends 75.0 Cel, above the WXT's 60; the protocol has no checksum and no error answer.
 */
public final class WxtLineTwin implements SensorTwin {

    public static final String MODEL = "line";
    /** The WXT's polled composite data message command. */
    public static final String COMMAND = "0R0";
    static final double OUT_OF_RANGE_CELSIUS = 75.0;

    private final TwinOptions options;
    private final ZoneId zone;
    private final Random faults;
    private final Random noise;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final StringBuilder heard = new StringBuilder();
    private final TwinFaults switchedFaults = new TwinFaults();
    private double[] last;

    public WxtLineTwin(TwinOptions options, ZoneId zone) {
        this.options = options;
        this.zone = zone;
        this.faults = new Random(options.seed());
        this.noise = new Random(options.seed() * 31 + 11);
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

    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
        for (int i = offset; i < offset + length; i++) {
            char c = (char) (bytes[i] & 0xFF);
            if (c == '\n') {
                if (heard.toString().strip().equals(COMMAND)) {
                    answer(nowMillis);
                }
                heard.setLength(0);
            } else if (heard.length() < 64) {
                heard.append(c);
            }
        }
    }

    @Override
    public byte[] poll(long nowMillis) {
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** The composite message for these values, as the WXT prints it with metric units. */
    static String message(double temperature, double humidity, double pressure, int direction, double speed) {
        return String.format(Locale.ROOT, "0R0,Dn=%03dD,Dm=%03dD,Dx=%03dD,Sn=%.1fM,Sm=%.1fM,Sx=%.1fM,Ta=%.1fC,Ua=%.1fP,"
                        + "Pa=%.1fH,Rc=0.00M,Rd=0s,Ri=0.0M,Th=%.1fC,Vh=0.0N\r\n",
                (direction + 340) % 360, direction, (direction + 20) % 360, Math.max(0, speed - 0.8), speed, speed + 1.1,
                temperature, humidity, pressure, temperature + 0.3);
    }

    private void answer(long timeMillis) {
        double[] values = last != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? last : values(timeMillis);
        last = values;
        boolean outOfRange = switchedFaults.on(TwinFaults.Fault.OUT_OF_RANGE);
        double temperature = outOfRange ? OUT_OF_RANGE_CELSIUS : values[0];
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] bytes = new byte[1 + faults.nextInt(8)];
            faults.nextBytes(bytes);
            output.writeBytes(bytes);
        }
        byte[] line = message(temperature, values[1], values[2], (int) values[3], values[4])
                .getBytes(StandardCharsets.US_ASCII);
        if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            output.write(line, 0, 1 + faults.nextInt(line.length - 3));
            return;
        }
        output.writeBytes(line);
        if (!outOfRange) {
            TwinSample sent = new TwinSample(MODEL, Map.of(Quantity.TEMPERATURE, values[0], Quantity.HUMIDITY, values[1],
                    Quantity.PRESSURE, values[2]), timeMillis);
            listeners.forEach(listener -> listener.sent(sent));
        }
    }

    /** Temperature, humidity and pressure as the message shows them (one decimal), wind direction and speed. */
    private double[] values(long timeMillis) {
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        double afternoon = Math.cos(2 * Math.PI * (hour - 15) / 24);
        double temperature = options.signals().value(Quantity.TEMPERATURE, timeMillis)
                .orElse(27 + 4 * afternoon + 0.2 * noise.nextGaussian());
        double humidity = options.signals().value(Quantity.HUMIDITY, timeMillis)
                .orElse(78 - 14 * afternoon + 0.8 * noise.nextGaussian());
        double pressure = options.signals().value(Quantity.PRESSURE, timeMillis)
                .orElse(1009 + 1.2 * Math.cos(4 * Math.PI * (hour - 10) / 24) + 0.1 * noise.nextGaussian());
        return new double[] {
            tenths(Math.max(-52, Math.min(60, temperature))),
            tenths(Math.max(0, Math.min(100, humidity))),
            tenths(Math.max(600, Math.min(1100, pressure))),
            Math.floorMod(180 + (int) Math.round(40 * noise.nextGaussian()), 360),
            tenths(Math.abs(2.5 + noise.nextGaussian()))};
    }

    private static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switchedFaults.strikes(fault, probability, faults);
    }
}

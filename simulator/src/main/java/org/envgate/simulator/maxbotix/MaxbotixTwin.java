package org.envgate.simulator.maxbotix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * A MaxBotix HRXL-MaxSonar-WR (5 m, millimetre model such as the MB7389) mounted
 * {@link #MOUNT_HEIGHT_M} m above a channel bottom, free-running: it sends {@code R}, four digits
 * of millimetres and a carriage return every period, and hears nothing. The water level follows a
 * tide-like twice-daily swing with seeded noise. The out-of-range fault sends the no-target
 * reading {@code R5000}. The protocol has no checksum, so only garbage and torn reports apply.
 */
public final class MaxbotixTwin implements SensorTwin {

    public static final String MODEL = "maxbotix";
    /** The mount height the demo configures for this twin. */
    public static final double MOUNT_HEIGHT_M = 3.0;
    static final int NO_TARGET_MM = 5000;
    /** The HRXL's closest reported range. */
    private static final int MINIMUM_MM = 300;

    private final TwinOptions options;
    private final Random faults;
    private final Random noise;
    private final ZoneId zone;
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final TwinFaults switchedFaults = new TwinFaults();
    private Integer last;
    private double ripple;
    private long nextReportMillis = Long.MIN_VALUE;
    private long injected;

    public MaxbotixTwin(TwinOptions options) {
        this(options, ZoneId.systemDefault());
    }

    /** With the time zone whose local time drives the level's cycle. */
    public MaxbotixTwin(TwinOptions options, ZoneId zone) {
        this.options = options;
        this.faults = new Random(options.seed());
        this.noise = new Random(options.seed() * 31 + 17);
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

    /** Reports spoiled on purpose so far: garbage before, or torn. */
    public long injectedFaults() {
        return injected;
    }

    /** The sensor has no serial input in free-running mode. */
    @Override
    public void receive(byte[] bytes, int offset, int length, long nowMillis) {
    }

    @Override
    public byte[] poll(long nowMillis) {
        if (nextReportMillis == Long.MIN_VALUE) {
            nextReportMillis = nowMillis;
        }
        while (nextReportMillis <= nowMillis) {
            send(nextReportMillis);
            nextReportMillis += options.period().toMillis();
        }
        byte[] bytes = output.toByteArray();
        output.reset();
        return bytes;
    }

    /** The report {@code R dddd CR}, as the data sheet gives it. */
    static byte[] report(int millimetres) {
        if (millimetres < 0 || millimetres > 9999) {
            throw new IllegalArgumentException("a report holds 4 digits, not " + millimetres);
        }
        return String.format("R%04d\r", millimetres).getBytes(StandardCharsets.US_ASCII);
    }

    private void send(long timeMillis) {
        int distance = last != null && switchedFaults.on(TwinFaults.Fault.STUCK) ? last : distanceMillimetres(timeMillis);
        last = distance;
        boolean noTarget = switchedFaults.on(TwinFaults.Fault.OUT_OF_RANGE);
        if (strikes(TwinFaults.Fault.GARBAGE, options.garbageProbability())) {
            byte[] bytes = new byte[1 + faults.nextInt(8)];
            faults.nextBytes(bytes);
            output.writeBytes(bytes);
            injected++;
        }
        byte[] report = report(noTarget ? NO_TARGET_MM : distance);
        if (strikes(TwinFaults.Fault.TORN, options.tornProbability())) {
            output.write(report, 0, 1 + faults.nextInt(report.length - 1));
            injected++;
            return;
        }
        output.writeBytes(report);
        if (!noTarget) {
            double metres = distance / 1000.0;
            TwinSample sample = new TwinSample(MODEL, Map.of(Quantity.DISTANCE, metres,
                    Quantity.WATER_LEVEL, Math.round((MOUNT_HEIGHT_M - metres) * 10_000) / 10_000.0), timeMillis);
            listeners.forEach(listener -> listener.sent(sample));
        }
    }

    /**
     * Distance to the water: level 0.9 m, +-0.35 m twice a day, a few mm of wandering ripple; or
     * the level a scenario dictates. Kept within what the sensor reports.
     */
    private int distanceMillimetres(long timeMillis) {
        ripple = 0.8 * ripple + 0.002 * noise.nextGaussian();
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(timeMillis), zone).toSecondOfDay() / 3600.0;
        double level = options.signals().value(Quantity.WATER_LEVEL, timeMillis)
                .orElse(0.9 + 0.35 * Math.sin(2 * Math.PI * hour / 12.42) + ripple);
        int millimetres = (int) Math.round((MOUNT_HEIGHT_M - level) * 1000);
        return Math.max(MINIMUM_MM, Math.min(NO_TARGET_MM - 1, millimetres));
    }

    private boolean strikes(TwinFaults.Fault fault, double probability) {
        return switchedFaults.strikes(fault, probability, faults);
    }
}

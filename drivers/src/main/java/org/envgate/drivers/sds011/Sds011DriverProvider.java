package org.envgate.drivers.sds011;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.envgate.drivers.DriverOptions;
import org.envgate.drivers.OptionException;
import org.envgate.drivers.Resolution;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.ValueRange;
import org.envgate.link.Link;
import org.envgate.link.SerialSettings;
import org.envgate.wire.Quantity;

/** Model {@code sds011}: Nova Fitness SDS011 laser PM2.5/PM10 sensor on a UART. */
public final class Sds011DriverProvider implements SensorDriverProvider {

    public static final String MODE = "mode";
    public static final String WORKING_PERIOD = "working-period";
    public static final String SLEEP_BETWEEN_READS = "sleep-between-reads";
    public static final String WAKE_WARM_UP = "wake-warm-up";

    /** Datasheet: 0.0 to 999.9 ug/m3 for both PM2.5 and PM10. */
    static final ValueRange RANGE = new ValueRange(0.0, 999.9);
    /** The frame carries tenths of ug/m3 (ug/m3 x 10, as the datasheet's protocol gives it). */
    static final Resolution RESOLUTION = Resolution.of("0.1");
    /** Nova's advice: let the fan run 30 s after power-up or wake before trusting the values. */
    public static final Duration WARM_UP = Duration.ofSeconds(30);

    /** Spelling of a yes/no option in the config. */
    enum Flag { TRUE, FALSE }

    @Override
    public String model() {
        return "sds011";
    }

    @Override
    public Set<Quantity> quantities() {
        return Set.of(Quantity.PM2_5, Quantity.PM10);
    }

    @Override
    public ValueRange range(Quantity quantity, DriverOptions options) {
        return RANGE;
    }

    @Override
    public Resolution resolution(Quantity quantity, DriverOptions options) {
        return RESOLUTION;
    }

    @Override
    public Set<String> optionKeys() {
        return Set.of(MODE, WORKING_PERIOD, SLEEP_BETWEEN_READS, WAKE_WARM_UP);
    }

    @Override
    public SerialSettings defaultSerialSettings() {
        return SerialSettings.DEFAULT_9600_8N1;
    }

    @Override
    public Duration defaultWarmUp() {
        return WARM_UP;
    }

    /** Listens for an active frame, then sends one query (which changes no setting). */
    @Override
    public Optional<String> probe(Link link) throws IOException {
        Optional<Sds011Frame> frame = listen(link, Sds011Driver.ACTIVE_TIMEOUT);
        String mode = "active mode";
        if (frame.isEmpty()) {
            link.write(Sds011Commands.queryData());
            frame = listen(link, Sds011Driver.ANSWER_TIMEOUT);
            mode = "query mode";
        }
        String found = "Nova SDS011, " + mode;
        return frame.map(f -> String.format("%s, id %04X, PM2.5 %.1f ug/m3", found, f.deviceId(), f.pm25()));
    }

    private static Optional<Sds011Frame> listen(Link link, Duration timeout) throws IOException {
        Sds011Decoder decoder = new Sds011Decoder();
        byte[] buffer = new byte[256];
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            List<Sds011Message> messages = decoder.feed(buffer, 0, link.read(buffer, 0, buffer.length, Duration.ofNanos(left)));
            for (Sds011Message message : messages) {
                if (message instanceof Sds011Frame frame) {
                    return Optional.of(frame);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public SensorDriver create(SensorSpec spec, DriverOptions options) {
        return new Sds011Driver(spec, settings(options));
    }

    static Sds011Driver.Settings settings(DriverOptions options) {
        Sds011Driver.Mode mode = options.choice(MODE, Sds011Driver.Mode.class, Sds011Driver.Mode.QUERY);
        int period = options.integer(WORKING_PERIOD, 0);
        if (period < 0 || period > Sds011Commands.MAX_WORKING_PERIOD) {
            throw new OptionException(WORKING_PERIOD, WORKING_PERIOD + " must be 0 (continuous) to "
                    + Sds011Commands.MAX_WORKING_PERIOD + " minutes, got " + period);
        }
        if (period > 0 && mode != Sds011Driver.Mode.ACTIVE) {
            throw new OptionException(WORKING_PERIOD, WORKING_PERIOD + " needs mode: active (the sensor reports "
                    + "on its own once per period)");
        }
        boolean sleep = options.choice(SLEEP_BETWEEN_READS, Flag.class, Flag.FALSE) == Flag.TRUE;
        if (!sleep) {
            return new Sds011Driver.Settings(mode, period, false, Duration.ZERO);
        }
        if (period > 0) {
            throw new OptionException(SLEEP_BETWEEN_READS, SLEEP_BETWEEN_READS + " and " + WORKING_PERIOD
                    + " both make the sensor sleep; use one of them");
        }
        Duration wakeWarmUp = options.duration(WAKE_WARM_UP, WARM_UP);
        if (wakeWarmUp.isNegative()) {
            throw new OptionException(WAKE_WARM_UP, WAKE_WARM_UP + " must not be negative, got " + wakeWarmUp);
        }
        return new Sds011Driver.Settings(mode, 0, true, wakeWarmUp);
    }
}

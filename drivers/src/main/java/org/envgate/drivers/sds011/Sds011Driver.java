package org.envgate.drivers.sds011;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;

/**
 * Reads a Nova SDS011. In query mode each read asks for a frame; in active mode the sensor sends
 * one a second (or one every working period) and the driver takes the newest. With
 * sleep-between-reads the driver wakes the sensor for each read, waits out its warm-up, reads
 * and sends it back to sleep, which spares the laser and the fan.
 */
public final class Sds011Driver extends SerialSensorDriver {

    /** The {@code mode:} option. */
    public enum Mode { QUERY, ACTIVE }

    /**
     * How the driver runs the sensor.
     *
     * @param mode              query (the driver asks) or active (the sensor sends)
     * @param workingPeriod     minutes between the sensor's own reports in active mode; 0 = one a second
     * @param sleepBetweenReads put the sensor to sleep after each read and wake it before the next
     * @param wakeWarmUp        with sleepBetweenReads: how long after waking the values are trusted
     */
    public record Settings(Mode mode, int workingPeriod, boolean sleepBetweenReads, Duration wakeWarmUp) {
        public static final Settings DEFAULT = new Settings(Mode.QUERY, 0, false, Duration.ZERO);
    }

    /** A reply or a queried frame comes within milliseconds; allow for a slow USB adapter. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);
    /** Active mode: a frame a second; allow two and a margin. */
    static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(3);
    /** How long to wait for more of what already arrived, when taking the newest frame. */
    private static final Duration DRAIN_WAIT = Duration.ofMillis(50);

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Sds011Decoder decoder = new Sds011Decoder();
    private final byte[] buffer = new byte[256];

    public Sds011Driver(SensorSpec spec, Settings settings) {
        this(spec, settings, System::nanoTime);
    }

    /** With the clock the timeouts and the warm-up are measured on, for tests. */
    Sds011Driver(SensorSpec spec, Settings settings, LongSupplier nanoTime) {
        super(spec);
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Wakes the sensor (it may have been left asleep), then sets the working period and the
     * reporting mode, each confirmed by the sensor's reply. The sensor keeps these settings in
     * flash, so they are set on every start rather than trusted.
     */
    @Override
    protected void start(Link link) throws IOException {
        discard(link);
        command(link, Sds011Commands.work(), "work");
        command(link, Sds011Commands.workingPeriod(settings.workingPeriod()), "working period " + settings.workingPeriod());
        if (settings.mode() == Mode.QUERY) {
            command(link, Sds011Commands.queryMode(), "query mode");
        } else {
            command(link, Sds011Commands.activeMode(), "active mode");
        }
        if (settings.sleepBetweenReads()) {
            command(link, Sds011Commands.sleep(), "sleep");
        }
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        if (!settings.sleepBetweenReads()) {
            return sample(link).measurements();
        }
        discard(link);
        command(link, Sds011Commands.work(), "work");
        waitOut(link, settings.wakeWarmUp());
        try {
            return sample(link).measurements();
        } finally {
            // Unconfirmed on purpose: the next read wakes the sensor anyway, and its reply is skipped.
            link.write(Sds011Commands.sleep());
        }
    }

    @Override
    public FrameCounters counters() {
        return decoder.counters();
    }

    private Sds011Frame sample(Link link) throws IOException {
        if (settings.mode() == Mode.QUERY) {
            discard(link);
            link.write(Sds011Commands.queryData());
            return await(link, Sds011Frame.class, m -> true, ANSWER_TIMEOUT, "no data frame in answer to a query");
        }
        if (settings.workingPeriod() == 0) {
            discard(link);
            return await(link, Sds011Frame.class, m -> true, ACTIVE_TIMEOUT, "no data frame in active mode");
        }
        Optional<Sds011Frame> newest = newestReceived(link);
        if (newest.isPresent()) {
            return newest.get();
        }
        return await(link, Sds011Frame.class, m -> true, ACTIVE_TIMEOUT, "no data frame since the last read "
                + "(working period " + settings.workingPeriod() + " min: the sensor reports once per period; "
                + "set interval to the working period)");
    }

    /** The newest data frame among the bytes that arrived since the last read, without waiting for more. */
    private Optional<Sds011Frame> newestReceived(Link link) throws IOException {
        Sds011Frame newest = null;
        int count;
        while ((count = link.read(buffer, 0, buffer.length, DRAIN_WAIT)) > 0) {
            for (Sds011Message message : decoder.feed(buffer, 0, count)) {
                if (message instanceof Sds011Frame frame) {
                    newest = frame;
                }
            }
        }
        return Optional.ofNullable(newest);
    }

    private void command(Link link, byte[] command, String what) throws IOException {
        link.write(command);
        int commandId = command[2] & 0xFF;
        Sds011Reply reply = await(link, Sds011Reply.class, r -> r.command() == commandId, ANSWER_TIMEOUT,
                "no reply to '" + what + "'");
        if (reply.value() != (command[4] & 0xFF)) {
            throw new SensorErrorException(String.format("%s: the sensor answered '%s' with value %d, expected %d",
                    link.port(), what, reply.value(), command[4] & 0xFF));
        }
    }

    /** Reads until a message of {@code type} that {@code wanted} accepts arrives; others are skipped. */
    private <M extends Sds011Message> M await(Link link, Class<M> type, Predicate<M> wanted, Duration timeout,
                                              String missing) throws IOException {
        FrameCounters before = decoder.counters();
        long received = 0;
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        for (long remaining = timeout.toNanos(); remaining > 0; remaining = deadline - nanoTime.getAsLong()) {
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(remaining));
            received += count;
            M found = null;
            for (Sds011Message message : decoder.feed(buffer, 0, count)) {
                if (type.isInstance(message) && wanted.test(type.cast(message))) {
                    found = type.cast(message); // the newest, if one read completed several
                }
            }
            if (found != null) {
                return found;
            }
        }
        throw timeout(link, missing, timeout, received, before);
    }

    /** Lets {@code time} pass, throwing away what the sensor sends meanwhile. */
    private void waitOut(Link link, Duration time) throws IOException {
        long deadline = nanoTime.getAsLong() + time.toNanos();
        for (long remaining = time.toNanos(); remaining > 0; remaining = deadline - nanoTime.getAsLong()) {
            link.read(buffer, 0, buffer.length, Duration.ofNanos(remaining));
        }
        decoder.reset();
    }

    private void discard(Link link) throws IOException {
        link.discardInput();
        decoder.reset();
    }

    private SensorTimeoutException timeout(Link link, String missing, Duration timeout, long received,
                                           FrameCounters before) {
        FrameCounters after = decoder.counters();
        String waited = link.port() + ": " + missing + " within " + timeout.toMillis() + " ms";
        if (received == 0) {
            return new SensorTimeoutException(waited + ": nothing received; check 5 V power (the fan should run) "
                    + "and wiring (sensor TX to gateway RX, gateway TX to sensor RX)");
        }
        return new SensorTimeoutException(waited + ": " + received + " bytes received, "
                + (after.checksumErrors() - before.checksumErrors()) + " checksum errors, "
                + (after.malformed() - before.malformed()) + " malformed frames; check wiring/baud (9600 8N1)");
    }
}

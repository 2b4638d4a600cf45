package org.envgate.drivers.ezo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.envgate.drivers.FrameCounters;
import org.envgate.drivers.FrameException;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorErrorException;
import org.envgate.drivers.SensorSpec;
import org.envgate.drivers.SensorTimeoutException;
import org.envgate.drivers.SerialSensorDriver;
import org.envgate.link.Link;
import org.envgate.wire.Quantity;
import org.envgate.wire.Reading;

/**
 * Reads an Atlas Scientific EZO circuit in UART mode. On start it stops continuous mode, turns
 * response codes on and checks with {@code i} that the configured circuit is the one on the
 * port; then each read is {@code R}, preceded by {@code T,<temperature>} when the sensor named
 * in {@code temperature-from} has a fresh water temperature.
 */
public final class EzoDriver extends SerialSensorDriver {

    /** Datasheets: a command is answered within 300 ms; allow for a slow device server. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** At most this long to drain the answers to a dirty line at start. */
    private static final Duration CLEAR_WAIT = Duration.ofSeconds(2);
    /** A line silent this long after a carriage return has said all it will. */
    private static final Duration QUIET = Duration.ofMillis(400);

    private final EzoCircuit circuit;
    private final String temperatureFrom;
    private final Duration temperatureMaxAge;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final EzoLineDecoder decoder = new EzoLineDecoder();
    private final Deque<EzoReply> pending = new ArrayDeque<>();
    private final byte[] buffer = new byte[128];
    private EzoValues values;
    private long readings;

    /**
     * @param temperatureFrom the sensor whose {@code temperature} compensates this circuit, or null
     */
    public EzoDriver(SensorSpec spec, EzoCircuit circuit, String temperatureFrom, Duration temperatureMaxAge) {
        this(spec, circuit, temperatureFrom, temperatureMaxAge, Clock.systemUTC(), System::nanoTime);
    }

    EzoDriver(SensorSpec spec, EzoCircuit circuit, String temperatureFrom, Duration temperatureMaxAge, Clock clock,
              LongSupplier nanoTime) {
        super(spec);
        this.circuit = circuit;
        this.temperatureFrom = temperatureFrom;
        this.temperatureMaxAge = temperatureMaxAge;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    @Override
    protected void start(Link link) throws IOException {
        clearInput(link);
        command(link, "C,0");
        link.discardInput();
        decoder.reset();
        pending.clear();
        command(link, "*OK,1");
        String info = query(link, "i");
        String[] parts = info.split(",");
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("?I")) {
            throw new WrongCircuitException(link.port() + ": expected an EZO " + circuit.deviceType()
                    + " circuit, but the answer to 'i' was '" + info + "'");
        }
        String firmware = parts.length > 2 ? parts[2] : "unknown";
        if (EzoCircuit.byDeviceType(parts[1]) != circuit) {
            throw new WrongCircuitException(link.port() + ": expected an EZO " + circuit.deviceType() + " circuit, found EZO "
                    + parts[1] + " (firmware " + firmware + "); check the port, or set model: "
                    + Optional.ofNullable(EzoCircuit.byDeviceType(parts[1])).map(EzoCircuit::model).orElse("?"));
        }
        values = switch (circuit) {
            case EC, DO -> EzoValues.withOutputs(circuit, query(link, "O,?"));
            case RTD -> EzoValues.withScale(query(link, "S,?"));
            default -> EzoValues.single(circuit);
        };
    }

    @Override
    protected List<Measurement> read(Link link) throws IOException {
        Optional<Double> temperature = compensation();
        if (temperature.isPresent()) {
            command(link, String.format(Locale.ROOT, "T,%.2f", temperature.get()));
        }
        link.discardInput();
        decoder.reset();
        pending.clear();
        send(link, "R");
        String line = awaitData(link, "R", circuit.readingTime().plus(COMMAND_TIMEOUT));
        List<Measurement> measured;
        try {
            measured = values.parse(line);
        } catch (FrameException e) {
            // A torn or noisy line: the next read will do, as with a bad checksum elsewhere.
            SensorTimeoutException garbled = new SensorTimeoutException(link.port() + ": garbled reading from the EZO "
                    + circuit.deviceType() + " circuit: " + e.getMessage() + "; check wiring and baud");
            garbled.initCause(e);
            throw garbled;
        }
        awaitOk(link, "R");
        readings++;
        return measured;
    }

    /** The compensating temperature, when configured and fresh; else the circuit keeps its last one. */
    private Optional<Double> compensation() {
        if (temperatureFrom == null || !circuit.compensated()) {
            return Optional.empty();
        }
        return context().latest(temperatureFrom, Quantity.TEMPERATURE)
                .filter(r -> clock.millis() - r.timeMillis() <= temperatureMaxAge.toMillis())
                .map(Reading::value);
    }

    @Override
    public FrameCounters counters() {
        return new FrameCounters(readings, 0, decoder.garbled());
    }

    /**
     * Ends whatever a program before left in the circuit's input (a probe's bytes for other
     * models, noise on the line) with a bare carriage return, and drops the circuit's answer to
     * it ({@code *ER}, or nothing): the first command then arrives on a clean line.
     */
    private void clearInput(Link link) throws IOException {
        link.write(new byte[] {'\r'});
        // Answers to earlier garbage lines may still be on their way: drain until the line is
        // quiet, within CLEAR_WAIT.
        byte[] buffer = new byte[64];
        long deadline = nanoTime.getAsLong() + CLEAR_WAIT.toNanos();
        for (long left = CLEAR_WAIT.toNanos(); left > 0; left = deadline - nanoTime.getAsLong()) {
            if (link.read(buffer, 0, buffer.length, QUIET.compareTo(Duration.ofNanos(left)) < 0 ? QUIET
                    : Duration.ofNanos(left)) == 0) {
                break;
            }
        }
        link.discardInput();
    }

    private void send(Link link, String command) throws IOException {
        link.write((command + "\r").getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends a command and waits for its {@code *OK}; stray data lines (continuous mode) are skipped. */
    private void command(Link link, String command) throws IOException {
        send(link, command);
        awaitOk(link, command);
    }

    /** Sends a query and returns its data line, after the {@code *OK} that follows it. */
    private String query(Link link, String command) throws IOException {
        send(link, command);
        String answer;
        do {
            answer = awaitData(link, command, COMMAND_TIMEOUT);
        } while (!answer.startsWith("?"));
        awaitOk(link, command);
        return answer;
    }

    private void awaitOk(Link link, String command) throws IOException {
        long deadline = nanoTime.getAsLong() + COMMAND_TIMEOUT.toNanos();
        while (true) {
            EzoReply reply = next(link, command, deadline);
            if (reply.isOk()) {
                return;
            }
            failOnCode(link, command, reply);
        }
    }

    private String awaitData(Link link, String command, Duration timeout) throws IOException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        while (true) {
            EzoReply reply = next(link, command, deadline);
            if (!reply.isCode()) {
                return reply.line();
            }
            failOnCode(link, command, reply);
        }
    }

    /** {@code *OK}, {@code *RE} and {@code *WA} are harmless here; the rest say the command failed. */
    private static void failOnCode(Link link, String command, EzoReply reply) throws SensorErrorException {
        if (reply.isCode() && !reply.isOk() && !reply.line().equals("*RE") && !reply.line().equals("*WA")) {
            throw new SensorErrorException(link.port() + ": answered " + reply.line() + " (" + reply.meaning() + ") to '"
                    + command + "'");
        }
    }

    private EzoReply next(Link link, String command, long deadline) throws IOException {
        while (pending.isEmpty()) {
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                throw new SensorTimeoutException(link.port() + ": no answer to '" + command + "' from the EZO "
                        + circuit.deviceType() + " circuit; check wiring (TX to RX), 9600 baud, and that it is in UART mode "
                        + "(a steady green LED), not I2C (blue)");
            }
            int count = link.read(buffer, 0, buffer.length, Duration.ofNanos(left));
            pending.addAll(decoder.feed(buffer, 0, count));
        }
        return pending.poll();
    }
}

package org.envgate.drivers.pulse;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import java.io.IOException;
import java.util.List;
import java.util.function.LongSupplier;
import org.envgate.drivers.DriverContext;
import org.envgate.drivers.Measurement;
import org.envgate.drivers.SensorDriver;
import org.envgate.drivers.SensorSpec;

/**
 * Counts pulses on one GPIO through Pi4J and reports, per read, what the pulses since the last
 * read (or since open) mean. Counting runs on the platform's event thread between reads; a read
 * takes the count atomically, so no pulse is lost or counted twice across reads.
 */
public final class PulseDriver implements SensorDriver {

    private final SensorSpec spec;
    private final PulseInput input;
    private final PulseConversion conversion;
    private final LongSupplier nanoTime;
    private Context gpio;
    private DigitalInput line;
    private DigitalStateChangeListener listener;
    private EdgeCounter counter;
    private long sinceNanos;

    public PulseDriver(SensorSpec spec, PulseInput input, PulseConversion conversion) {
        this(spec, input, conversion, System::nanoTime);
    }

    /** With the clock that times edges and intervals, for tests and the simulator. */
    public PulseDriver(SensorSpec spec, PulseInput input, PulseConversion conversion, LongSupplier nanoTime) {
        this.spec = spec;
        this.input = input;
        this.conversion = conversion;
        this.nanoTime = nanoTime;
    }

    public PulseInput input() {
        return input;
    }

    public PulseConversion conversion() {
        return conversion;
    }

    /** The Pi4J id of the input this driver creates, unique per pin. */
    public static String inputId(int pin) {
        return "envgate-gpio" + pin;
    }

    @Override
    public void open(DriverContext context) throws IOException {
        close();
        Context platform = context.gpio();
        DigitalInput created;
        try {
            created = platform.create(DigitalInput.newConfigBuilder(platform)
                    .id(inputId(input.pin()))
                    .name(spec.id())
                    .address(input.pin())
                    .pull(input.pull().resistance())
                    .debounce(0L) // debounced here, the same way on every platform
                    .build());
        } catch (RuntimeException e) {
            throw new IOException(spec.port() + ": cannot open BCM " + input.pin() + " as an input: " + e.getMessage(), e);
        }
        EdgeCounter edges = new EdgeCounter(input.debounce().toNanos());
        listener = event -> edges.edge(event.state() == input.edge().level(), nanoTime.getAsLong());
        created.addListener(listener);
        gpio = platform;
        line = created;
        counter = edges;
        sinceNanos = nanoTime.getAsLong();
    }

    @Override
    public List<Measurement> read() throws IOException {
        if (line == null) {
            throw new IOException(spec.port() + ": not open");
        }
        long pulses = counter.take();
        long now = nanoTime.getAsLong();
        double elapsedMillis = (now - sinceNanos) / 1e6;
        sinceNanos = now;
        return List.of(conversion.convert(pulses, elapsedMillis, spec.port()));
    }

    @Override
    public void close() {
        if (line == null) {
            return;
        }
        line.removeListener(listener);
        try {
            gpio.shutdown(line.id());
        } catch (RuntimeException e) {
            // The context is being shut down with the gateway: the input goes with it.
        }
        line = null;
        listener = null;
        counter = null;
        gpio = null;
    }
}

package org.envgate.simulator.pulse;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.envgate.drivers.pulse.PulseDriver;
import org.envgate.simulator.SampleListener;
import org.envgate.simulator.TwinFaults;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinSample;
import org.envgate.wire.Quantity;

/**
 * A rain gauge or a flow meter as pulses on a GPIO. Clockless: {@link #advance} emits the pulses
 * due up to a time, each at its own time, to a {@link PulseSink}; {@link #run} drives Pi4J mock
 * inputs with the real clock. Every pulse is reported to the listeners: a rain tip as its
 * {@code rainfall} (mm), a flow pulse with the {@code flow} (l/min) the signal had then.
 *
 * <p>Faults: {@link TwinFaults.Fault#STUCK} gives no pulses (a jammed bucket or impeller);
 * {@link TwinFaults.Fault#OUT_OF_RANGE} gives an impossible burst: a tip every 0.5 s (120 a
 * minute), or twice the meter's maximum flow. {@link TwinOptions#seed()} makes it repeatable.
 *
 * <p>A scenario replaces the twin's own weather or water use with a {@link Rate} of its own
 * ({@link #following}): pulses then come only while that rate is above 0.
 */
public final class PulseTwin {

    /** Where pulses go: at {@code timeMillis} the contact closes and opens again. */
    @FunctionalInterface
    public interface PulseSink {
        void pulse(double timeMillis);
    }

    /**
     * The rate a scenario dictates at a time the twin is driven with: rain in mm per hour of that
     * (real) time, or flow in l/min; 0 when nothing falls or flows.
     */
    @FunctionalInterface
    public interface Rate {
        double at(double timeMillis);
    }

    /** A rain gauge: showers that come and go in 10-minute spells. */
    public static PulseTwin rainGauge(TwinOptions options, double mmPerTip) {
        return new PulseTwin("rain-gauge", Quantity.RAINFALL, options, mmPerTip, 0, ZoneId.systemDefault(), null);
    }

    /** A flow meter: water use with morning and evening peaks. */
    public static PulseTwin flowMeter(TwinOptions options, double pulsesPerLitre, double maxFlow, ZoneId zone) {
        return new PulseTwin("flow-meter", Quantity.FLOW, options, pulsesPerLitre, maxFlow, zone, null);
    }

    private static final long SPELL_MILLIS = 10 * 60_000;
    private static final double BURST_TIP_MILLIS = 500;
    /** How often a dictated rate of 0 is looked at again: a scenario's rain starts within this. */
    private static final double IDLE_STEP_MILLIS = 20;

    private final String model;
    private final Quantity quantity;
    private final TwinOptions options;
    /** mm a tip for rain, pulses a litre for flow. */
    private final double scale;
    private final double maxFlow;
    private final ZoneId zone;
    /** The scenario's rate, or null for the twin's own. */
    private final Rate dictated;
    private final TwinFaults faults = new TwinFaults();
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private double nextMillis = Double.NaN;
    private long lastNowMillis;
    private boolean bursting;

    private PulseTwin(String model, Quantity quantity, TwinOptions options, double scale, double maxFlow, ZoneId zone,
                      Rate dictated) {
        this.model = model;
        this.quantity = quantity;
        this.options = options;
        this.scale = scale;
        this.maxFlow = maxFlow;
        this.zone = zone;
        this.dictated = dictated;
    }

    /** The same gauge or meter, pulsing at {@code rate} instead of its own weather or water use. */
    public PulseTwin following(Rate rate) {
        return new PulseTwin(model, quantity, options, scale, maxFlow, zone, rate);
    }

    public String model() {
        return model;
    }

    public TwinFaults faults() {
        return faults;
    }

    public void addListener(SampleListener listener) {
        listeners.add(listener);
    }

    /**
     * Emits every pulse due up to {@code nowMillis}, in order, each at its own time. The first
     * call only sets the start: pulses begin after it.
     */
    public synchronized void advance(long nowMillis, PulseSink sink) {
        if (Double.isNaN(nextMillis)) {
            restartAt(nowMillis);
        }
        if (faults.on(TwinFaults.Fault.OUT_OF_RANGE) != bursting) {
            bursting = !bursting;
            restartAt(lastNowMillis); // a burst starts, or ends, when it is switched
        }
        lastNowMillis = nowMillis;
        while (nextMillis <= nowMillis) {
            double at = nextMillis;
            double rate = rate(at);
            if (rate > 0 && !faults.on(TwinFaults.Fault.STUCK)) {
                sink.pulse(at);
                TwinSample sample = new TwinSample(model, Map.of(quantity, quantity == Quantity.RAINFALL ? scale : rate),
                        (long) at);
                listeners.forEach(listener -> listener.sent(sample));
            }
            schedule();
        }
    }

    /** Drives the input on {@code pin} of a mock context every 5 ms with the real clock, until closed. */
    public AutoCloseable run(Context mock, int pin) {
        Clock clock = Clock.systemUTC();
        String id = PulseDriver.inputId(pin);
        Thread thread = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    // No input while the driver is closed: pulses are lost, as on an open wire.
                    MockDigitalInput line = mock.registry().exists(id) ? (MockDigitalInput) mock.io(id) : null;
                    if (line != null && line.state() != DigitalState.HIGH) {
                        // A mock input starts low; the pull-up holds the line high, or the first pulse would be no edge.
                        line.mockState(DigitalState.HIGH);
                    }
                    advance(clock.millis(), at -> {
                        if (line != null) {
                            line.mockState(DigitalState.LOW);
                            line.mockState(DigitalState.HIGH);
                        }
                    });
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "twin-" + model + "-gpio" + pin);
        thread.setDaemon(true);
        thread.start();
        return () -> {
            thread.interrupt();
            thread.join(1000);
        };
    }

    private void restartAt(long millis) {
        nextMillis = millis;
        schedule();
    }

    /** Moves {@link #nextMillis} to the next pulse, or to the next spell when nothing flows. */
    private void schedule() {
        double rate = rate(nextMillis);
        double idle = dictated != null ? IDLE_STEP_MILLIS : SPELL_MILLIS - nextMillis % SPELL_MILLIS;
        double interval = rate <= 0 ? idle : interval(rate);
        nextMillis += Math.max(interval, 1);
    }

    /** Milliseconds between pulses at {@code rate} (mm/h of rain, or l/min). */
    private double interval(double rate) {
        if (quantity == Quantity.RAINFALL) {
            return faults.on(TwinFaults.Fault.OUT_OF_RANGE) ? BURST_TIP_MILLIS : 3_600_000 * scale / rate;
        }
        return 60_000 / (rate * scale);
    }

    /**
     * Rain in mm/h, or flow in l/min, at {@code timeMillis}: the dictated rate, or the twin's own,
     * constant within a 10-minute spell.
     */
    private double rate(double timeMillis) {
        if (dictated != null && !faults.on(TwinFaults.Fault.OUT_OF_RANGE)) {
            return dictated.at(timeMillis);
        }
        long spell = (long) (timeMillis / SPELL_MILLIS);
        Random dice = new Random(options.seed() * 1_000_003 + spell);
        if (quantity == Quantity.RAINFALL) {
            if (faults.on(TwinFaults.Fault.OUT_OF_RANGE)) {
                return 1;
            }
            return dice.nextDouble() < 0.4 ? 1 + 15 * -Math.log(1 - dice.nextDouble()) / 3 : 0;
        }
        if (faults.on(TwinFaults.Fault.OUT_OF_RANGE)) {
            return 2 * maxFlow;
        }
        double hour = LocalTime.ofInstant(Instant.ofEpochMilli(spell * SPELL_MILLIS), zone).toSecondOfDay() / 3600.0;
        double use = 2 + 10 * peak(hour, 7, 1.5) + 8 * peak(hour, 19, 2);
        return Math.min(maxFlow, use * (0.8 + 0.4 * dice.nextDouble()));
    }

    private static double peak(double hour, double centre, double width) {
        double distance = Math.abs(hour - centre);
        distance = Math.min(distance, 24 - distance);
        return Math.exp(-0.5 * (distance / width) * (distance / width));
    }
}

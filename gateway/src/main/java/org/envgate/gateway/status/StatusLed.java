package org.envgate.gateway.status;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.envgate.gateway.config.StatusLedConfig;
import org.tinylog.Logger;

/**
 * The status LED: a GPIO output that shows the gateway's {@link LedPattern}, driven by one
 * scheduled thread that looks at the gateway's state every {@link LedPattern#TICK_MILLIS}.
 */
public final class StatusLed implements AutoCloseable {

    /** The Pi4J id of the LED's output. */
    static final String OUTPUT_ID = "envgate-status-led";

    private final Context gpio;
    private final DigitalOutput output;
    private final Supplier<LedPattern> condition;
    private final ScheduledExecutorService timer;
    private LedPattern pattern;
    private long patternStartMillis;
    private Boolean lit;
    private String lastProblem = "";

    StatusLed(Context gpio, DigitalOutput output, Supplier<LedPattern> condition) {
        this.gpio = gpio;
        this.output = output;
        this.condition = condition;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "status-led");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens the LED's output and starts showing {@code condition}, or logs why it cannot and
     * returns nothing: the gateway runs on without its LED.
     *
     * @param configFile the config file, to name in messages
     */
    public static Optional<StatusLed> start(Context gpio, StatusLedConfig config, String configFile,
                                            Supplier<LedPattern> condition) {
        DigitalOutput output;
        try {
            output = open(gpio, config.pin());
        } catch (RuntimeException e) {
            Logger.error("status LED not started: status-led.pin {} ({}:{}) cannot be an output: {}; the gateway runs "
                    + "on without it", config.pin(), configFile, config.line(), e.getMessage());
            return Optional.empty();
        }
        StatusLed led = new StatusLed(gpio, output, condition);
        led.timer.scheduleAtFixedRate(led::tick, 0, LedPattern.TICK_MILLIS, TimeUnit.MILLISECONDS);
        Logger.info("status LED on BCM {}", config.pin());
        return Optional.of(led);
    }

    static DigitalOutput open(Context gpio, int pin) {
        return gpio.create(DigitalOutput.newConfigBuilder(gpio)
                .id(OUTPUT_ID)
                .name("status LED")
                .address(pin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)
                .build());
    }

    private void tick() {
        try {
            show(System.nanoTime() / 1_000_000);
        } catch (RuntimeException e) {
            // A failed write is tried again on the next tick; it is logged once, not 8 times a second.
            lit = null;
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                Logger.warn("status LED: cannot set the output: {}", problem);
                lastProblem = problem;
            }
        }
    }

    /** Sets the output for the gateway's state at {@code nowMillis} (a monotonic clock); writes only changes. */
    synchronized void show(long nowMillis) {
        LedPattern next = condition.get();
        if (next != pattern) {
            pattern = next;
            patternStartMillis = nowMillis;
        }
        boolean on = pattern.litAt(nowMillis - patternStartMillis);
        if (lit == null || on != lit) {
            output.state(on ? DigitalState.HIGH : DigitalState.LOW);
            lit = on;
        }
    }

    /** Stops the pattern and leaves the LED off: a dark LED means the gateway is not running. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            output.low();
            gpio.shutdown(OUTPUT_ID);
        } catch (RuntimeException e) {
            Logger.warn("status LED: cannot switch it off: {}", e.getMessage());
        }
    }
}

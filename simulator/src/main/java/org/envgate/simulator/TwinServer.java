package org.envgate.simulator;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.envgate.link.SerialSettings;

/**
 * Runs one twin on an endpoint, driven by the real clock on a background thread: reads what the
 * gateway writes, hands it to the twin, and sends back what the twin emits. It applies three faults
 * for every twin: {@link TwinFaults.Fault#SILENT} (nothing heard, nothing said),
 * {@link TwinFaults.Fault#UNPLUGGED} (the endpoint goes away until the fault clears) and
 * {@link TwinFaults.Fault#WRONG_LINE_SETTINGS} (both ways re-framed as UARTs at different settings would).
 */
public final class TwinServer implements AutoCloseable {

    /** How often the twin is driven; well under a frame's transmission time at 9600 baud (33 ms). */
    private static final Duration TICK = Duration.ofMillis(10);

    private final SensorTwin twin;
    private final TwinPort port;
    private final SerialSettings lineSettings;
    private final Clock clock;
    private final Thread driver;
    private final CompletableFuture<String> gone = new CompletableFuture<>();
    private volatile boolean running = true;

    /** @param lineSettings the twin's own line settings, against which {@link TwinFaults.Fault#WRONG_LINE_SETTINGS} re-frames */
    private TwinServer(SensorTwin twin, TwinPort port, SerialSettings lineSettings) {
        this.twin = twin;
        this.port = port;
        this.lineSettings = lineSettings;
        this.clock = Clock.systemUTC();
        this.driver = new Thread(this::drive, "twin-" + twin.model() + "-" + port.gatewayPort());
        driver.setDaemon(true);
        driver.start();
    }

    /** The twin behind a TCP port on {@code host}; port 0 picks a free one. */
    public static TwinServer tcp(SensorTwin twin, String host, int port) throws IOException {
        return new TwinServer(twin, new TcpTwinPort(host, port), SerialSettings.DEFAULT_9600_8N1);
    }

    /** The twin on a serial device, e.g. one end of a pty pair whose other end the gateway opens. */
    public static TwinServer serial(SensorTwin twin, String path, SerialSettings settings) throws IOException {
        return new TwinServer(twin, new LinkTwinPort(path, settings), settings);
    }

    /**
     * The twin on a new pseudo-terminal pair whose gateway end is {@code gatewayEnd}, an existing
     * file there being replaced. Needs socat.
     */
    public static TwinServer pty(SensorTwin twin, Path gatewayEnd, SerialSettings settings) throws IOException {
        return new TwinServer(twin, new PtyTwinPort(gatewayEnd, settings), settings);
    }

    /** What the gateway config's {@code port:} should say: {@code tcp://127.0.0.1:PORT}, or the device path. */
    public String gatewayPort() {
        return port.gatewayPort();
    }

    public SensorTwin twin() {
        return twin;
    }

    /**
     * Completes, with the reason, when the twin stops serving on its own because its endpoint went
     * away (a pty whose other end was closed, a device unplugged for good); never on {@link #close()}.
     */
    public CompletableFuture<String> gone() {
        return gone;
    }

    private void drive() {
        byte[] buffer = new byte[256];
        boolean plugged = true;
        try {
            while (running) {
                twin.advance(clock.millis());
                if (twin.faults().on(TwinFaults.Fault.UNPLUGGED) == plugged) {
                    plugged = !plugged;
                    if (!plug(plugged)) {
                        plugged = !plugged;
                    }
                }
                if (!plugged) {
                    Thread.sleep(TICK.toMillis());
                    continue;
                }
                int count = port.read(buffer, TICK);
                long now = clock.millis();
                if (twin.faults().on(TwinFaults.Fault.SILENT)) {
                    continue;
                }
                boolean misframed = twin.faults().on(TwinFaults.Fault.WRONG_LINE_SETTINGS);
                SerialSettings gatewaySide = twin.faults().gatewayLineSettings();
                if (count > 0) {
                    byte[] in = Arrays.copyOf(buffer, count);
                    byte[] heard = misframed ? UartReframer.reframe(in, gatewaySide, lineSettings) : in;
                    twin.receive(heard, 0, heard.length, now);
                }
                byte[] out = twin.poll(now);
                if (out.length > 0) {
                    port.write(misframed ? UartReframer.reframe(out, lineSettings, gatewaySide) : out);
                }
            }
        } catch (IOException e) {
            if (running) {
                gone.complete(e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unplugs or replugs the endpoint; false when it cannot come back yet (tried again a second later). */
    private boolean plug(boolean in) throws InterruptedException {
        if (!in) {
            port.unplug();
            System.out.println("unplugged: " + gatewayPort());
            return true;
        }
        try {
            port.replug();
            System.out.println("plugged in again: " + gatewayPort());
            return true;
        } catch (IOException e) {
            System.err.println("twin " + twin.model() + " on " + gatewayPort() + ": cannot plug in again yet: " + e.getMessage());
            Thread.sleep(1000);
            return false;
        }
    }

    /** Stops the driving thread and closes the endpoint. */
    @Override
    public void close() {
        running = false;
        port.close();
        try {
            driver.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

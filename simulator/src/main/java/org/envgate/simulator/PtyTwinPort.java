package org.envgate.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.envgate.link.SerialSettings;

/**
 * A twin on a fresh pseudo-terminal pair made by socat: the twin holds {@code NAME.sim}, the
 * gateway opens {@code NAME}. Unplugging ends socat, so the gateway's path vanishes as a pulled
 * USB adapter's does; replugging brings it back at the same path. Needs Debian's {@code socat}.
 */
final class PtyTwinPort implements TwinPort {

    private static final long START_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Path gatewayEnd;
    private final Path twinEnd;
    private final Path log;
    private final SerialSettings settings;
    private Process socat;
    private LinkTwinPort link;

    PtyTwinPort(Path gatewayEnd, SerialSettings settings) throws IOException {
        this.gatewayEnd = gatewayEnd;
        this.twinEnd = gatewayEnd.resolveSibling(gatewayEnd.getFileName() + ".sim");
        this.log = gatewayEnd.resolveSibling(gatewayEnd.getFileName() + ".socat.log");
        this.settings = settings;
        Files.createDirectories(gatewayEnd.toAbsolutePath().getParent());
        replug();
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws IOException {
        return link.read(buffer, timeout);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        link.write(bytes);
    }

    @Override
    public String gatewayPort() {
        return gatewayEnd.toString();
    }

    @Override
    public synchronized void unplug() {
        if (socat == null) {
            return;
        }
        try {
            link.close();
        } finally {
            stopSocat();
        }
    }

    private void stopSocat() {
        // SIGTERM lets socat remove its links; a forced kill would leave them dangling.
        socat.destroy();
        try {
            if (!socat.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                socat.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            socat = null;
            deleteQuietly(gatewayEnd);
            deleteQuietly(twinEnd);
        }
    }

    @Override
    public synchronized void replug() throws IOException {
        if (socat != null) {
            return;
        }
        // A pty left behind by a killed run would make socat fail to create its link.
        deleteQuietly(gatewayEnd);
        deleteQuietly(twinEnd);
        // setsid: a Ctrl-C at the terminal reaches the simulator alone, which then ends socat in
        // order, instead of killing socat first so that its twin would seem to have gone.
        ProcessBuilder builder = new ProcessBuilder("setsid", "socat", "-d", "-d",
                "pty,raw,echo=0,link=" + twinEnd, "pty,raw,echo=0,link=" + gatewayEnd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            socat = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start socat for " + gatewayEnd + " (apt-get install socat): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!(Files.exists(gatewayEnd) && Files.exists(twinEnd))) {
            if (!socat.isAlive() || System.nanoTime() - deadline > 0) {
                String output = Files.readString(log);
                unplugWithoutLink();
                throw new IOException("socat did not create " + gatewayEnd + ": " + output.strip());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unplugWithoutLink();
                throw new IOException("interrupted while starting socat for " + gatewayEnd, e);
            }
        }
        link = new LinkTwinPort(twinEnd.toString(), settings);
    }

    private void unplugWithoutLink() {
        socat.destroyForcibly();
        socat = null;
    }

    @Override
    public void close() {
        unplug();
        deleteQuietly(log);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("envgate-sim: cannot remove " + path + ": " + e.getMessage());
        }
    }
}

package org.envgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Two pseudo-terminals joined by socat, like a sensor wired to a serial port: bytes written to
 * {@link #a()} are read from {@link #b()} and the other way round. {@link #unplug()} ends socat, so
 * both ptys hang up and their paths vanish, as when a USB adapter is pulled out; {@link #replug()}
 * brings them back at the same paths.
 *
 * <p>Needs Debian's {@code socat}.
 */
public final class PtyPair implements AutoCloseable {

    private static final long START_TIMEOUT_MS = 10_000;
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Path dir;
    private final Path a;
    private final Path b;
    private final Path log;
    private Process socat;

    private PtyPair(Path dir) {
        this.dir = dir;
        this.a = dir.resolve("ttyA");
        this.b = dir.resolve("ttyB");
        this.log = dir.resolve("socat.log");
    }

    /** Starts socat in a fresh temporary directory and waits until both ends exist. */
    public static PtyPair start() throws IOException {
        PtyPair pair = new PtyPair(Files.createTempDirectory("envgate-pty"));
        try {
            pair.replug();
        } catch (IOException | RuntimeException e) {
            pair.close();
            throw e;
        }
        return pair;
    }

    /** One end, e.g. the gateway's port. */
    public String a() {
        return a.toString();
    }

    /** The other end, e.g. the sensor's (or simulator's) port. */
    public String b() {
        return b.toString();
    }

    /** Ends socat: both ptys hang up and both paths are gone when this returns. */
    public void unplug() throws IOException {
        if (socat == null) {
            return;
        }
        // SIGTERM lets socat remove its links; a forced kill would leave them dangling.
        socat.destroy();
        try {
            if (!socat.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                socat.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping socat", e);
        } finally {
            socat = null;
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
        }
    }

    /** Starts socat again with the same paths; waits until both ends exist. */
    public void replug() throws IOException {
        if (socat != null) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            socat = builder.start();
        } catch (IOException e) {
            throw new IOException("socat not found: apt-get install socat", e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() - deadline > 0) {
                String output = Files.readString(log);
                unplug();
                throw new IOException("socat did not create " + a + " and " + b + ":\n" + output);
            }
            pause();
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting socat", e);
        }
    }

    /** Ends socat and removes the temporary directory. */
    @Override
    public void close() throws IOException {
        unplug();
        Files.deleteIfExists(log);
        Files.deleteIfExists(dir);
    }
}

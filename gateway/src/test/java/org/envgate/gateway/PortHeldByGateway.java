package org.envgate.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** A port's serial lock held by a live process whose command line names envgate, as the running gateway holds it. */
final class PortHeldByGateway implements AutoCloseable {

    private static final Path LOCK_DIR = Path.of("/run/lock");

    private final Process gateway;
    private final Path lock;

    private PortHeldByGateway(Process gateway, Path lock) {
        this.gateway = gateway;
        this.lock = lock;
    }

    /** Takes {@code port}'s lock (skipping the test where the lock folder cannot be written). */
    static PortHeldByGateway hold(String port) throws IOException {
        Assumptions.assumeTrue(Files.isWritable(LOCK_DIR), "needs the serial lock folder /run/lock");
        Process gateway = new ProcessBuilder("bash", "-c", "exec -a envgate sleep 60").start();
        // Until bash has exec'd, the process is not yet the stand-in gateway the lock names.
        Path cmdline = Path.of("/proc", Long.toString(gateway.pid()), "cmdline");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).startsWith("envgate\0")) {
            if (System.nanoTime() > deadline) {
                gateway.destroy();
                throw new IOException("the stand-in gateway did not start: " + Files.readString(cmdline));
            }
            Thread.onSpinWait();
        }
        Path lock = LOCK_DIR.resolve("LCK.." + Path.of(port).toRealPath().toString()
                .substring("/dev/".length()).replace('/', '_'));
        Files.writeString(lock, String.format("%10d%n", gateway.pid()));
        return new PortHeldByGateway(gateway, lock);
    }

    long pid() {
        return gateway.pid();
    }

    Path lock() {
        return lock;
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(lock);
        } finally {
            gateway.destroy();
        }
    }
}

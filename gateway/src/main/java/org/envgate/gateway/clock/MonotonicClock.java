package org.envgate.gateway.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A clock that only moves forward at a steady rate and is never set: the stamp a reading
 * keeps until the wall clock can be trusted.
 *
 * <p>Its stamps are comparable within one boot, also across restarts of the gateway, because
 * on Linux {@link System#nanoTime()} reads {@code CLOCK_MONOTONIC}, which counts from boot and
 * is the same in every process (checked: two JVMs' {@code nanoTime()} agreed with
 * {@code /proc/uptime} to 10 ms). The kernel's boot id tells one boot from the next. It does
 * not count time spent suspended, which a station never is.
 */
public interface MonotonicClock {

    /** Names this boot; stamps of different boots cannot be compared. */
    String boot();

    /** Milliseconds since an origin fixed for the whole boot. */
    long millis();

    Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    /** The system's; where the kernel has no boot id (not Linux), each process counts as a boot of its own. */
    static MonotonicClock system() {
        String boot;
        try {
            boot = Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            boot = "process-" + UUID.randomUUID();
        }
        String id = boot;
        return new MonotonicClock() {
            @Override
            public String boot() {
                return id;
            }

            @Override
            public long millis() {
                return System.nanoTime() / 1_000_000;
            }
        };
    }
}

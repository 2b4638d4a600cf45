package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Pattern;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A serial port another program holds with flock(2) alone, as picocom does (no lock file): check
 * names the holder instead of opening it, and run refuses to start on it.
 */
class HeldPortTest {

    @TempDir
    Path dir;

    @Test
    void checkNamesTheProgramHoldingAPortByFlockAndRunRefusesToStart() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            String device = Path.of(pty.b()).toRealPath().toString();
            Process holder = new ProcessBuilder("flock", "--no-fork", "--nonblock", device,
                    "sh", "-c", "echo held; exec sleep 60").start();
            try {
                awaitHeld(holder);
                Path file = Files.writeString(dir.resolve("gateway.yaml"), """
                        gateway: {id: gw-held}
                        storage: {path: "%s"}
                        mqtt: {url: "tcp://127.0.0.1:1"}
                        sensors:
                          - {id: pm, model: pms5003, port: "%s", warm-up: 0s, mode: passive}
                        """.formatted(dir, pty.b()));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(1, Main.run(new String[] {"check", "--config", file.toString(), "--sensor", "pm"},
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
                                StandardCharsets.UTF_8)));
                String held = Pattern.quote(pty.b() + ": held by ") + "\\S+" + Pattern.quote(", pid " + holder.pid()
                        + " (flock on " + pty.b() + "); stop it first");
                String table = out.toString(StandardCharsets.UTF_8);
                assertTrue(table.matches("(?s).*\\npm +pms5003 +\\S+ +FAULT +" + held + "\\n.*"), table);

                GatewayConfig config = new GatewayConfigLoader(DriverRegistry.load()).load(file);
                IOException refused = assertThrows(IOException.class, () -> Gateway.start(config, Clock.systemUTC(), null).close());
                assertTrue(refused.getMessage().matches(held), refused.getMessage());
            } finally {
                holder.destroy();
                holder.waitFor();
            }
        }
    }

    /** Until {@code holder} has said it holds the lock: flock(1) runs its command once the lock is taken. */
    private static void awaitHeld(Process holder) throws IOException {
        try (BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("held", said.readLine(), "flock(1) could not take the lock");
        }
    }
}

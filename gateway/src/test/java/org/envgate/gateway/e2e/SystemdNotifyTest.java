package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.envgate.gateway.Gateway;
import org.envgate.common.testing.NotifyReceiver;
import org.envgate.common.systemd.Heartbeat;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway as its own process, started the way systemd starts a Type=notify service with a
 * watchdog: it says READY=1, pings while it runs, and says STOPPING=1 when SIGTERM stops it.
 */
class SystemdNotifyTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void theGatewayTellsSystemdItIsReadyAliveAndStopping() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        Path log = dir.resolve("gateway.log");
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString());
             TwinServer twin = TwinServer.tcp(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     "127.0.0.1", 0)) {
            Path config = dir.resolve("gateway.yaml");
            // No broker listens: the uplink retries, and retrying is not hanging.
            Files.writeString(config, Station.yaml(storage, "tcp://127.0.0.1:1", "pm", twin.gatewayPort(), "200ms", "passive"));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"),
                    "org.envgate.gateway.Main", "run", "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("NOTIFY_SOCKET", systemd.path());
            builder.environment().put("WATCHDOG_USEC", "1000000");
            Process gateway = builder.start();
            try {
                assertTrue(systemd.await("READY=1\nSTATUS=running", WAIT), Files.readString(log));
                assertTrue(systemd.await(m -> systemd.count("WATCHDOG=1") >= 3, WAIT),
                        systemd.messages() + "\n" + Files.readString(log));
                gateway.destroy();
                assertTrue(gateway.waitFor(30, TimeUnit.SECONDS), "the gateway stops on SIGTERM");
                assertEquals(143, gateway.exitValue(), "the status the unit's SuccessExitStatus= names");
                assertTrue(systemd.messages().contains("STOPPING=1"), systemd.messages().toString());
                assertTrue(Files.readString(log).contains("systemd watchdog: pinging every 500ms while 3 loops keep turning"),
                        Files.readString(log));
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void everyLoopOfThePipelineIsWatchedWithABoundThatCoversItsWaits() throws Exception {
        Path storage = Files.createDirectory(dir.resolve("storage"));
        // reconnect-max 2s, interval 200ms: see Station.yaml.
        try (Gateway gateway = Gateway.start(
                Station.load(Station.yaml(storage, "tcp://127.0.0.1:1", "pm", "tcp://127.0.0.1:1", "200ms", "passive")),
                Clock.systemUTC(), null)) {
            List<Heartbeat> heartbeats = gateway.heartbeats();
            assertEquals(List.of("sensor pm (pms5003 on tcp://127.0.0.1:1)", "buffer writer", "uplink"),
                    heartbeats.stream().map(Heartbeat::name).toList());
            assertEquals(List.of(Duration.ofMillis(200).plusMinutes(5), Duration.ofMinutes(2), Duration.ofSeconds(2).plusMinutes(2)),
                    heartbeats.stream().map(Heartbeat::bound).toList());
            // Longer than any loop here waits (the uplink at most 2 s between attempts on a closed port):
            // a loop that did not beat would be silent for all of it.
            Thread.sleep(4_000);
            for (Heartbeat heartbeat : heartbeats) {
                assertTrue(heartbeat.silence().compareTo(Duration.ofSeconds(3)) < 0, heartbeat.name() + " beats");
            }
        }
    }
}

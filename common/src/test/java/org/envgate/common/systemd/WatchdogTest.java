package org.envgate.common.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.envgate.common.testing.NotifyReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watchdog against a real Unix datagram socket bound the way systemd binds its own. */
class WatchdogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    @Test
    void saysReadyAndStoppingOnASocketPath() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString())) {
            Watchdog watchdog = Watchdog.start("gateway", Map.of("NOTIFY_SOCKET", systemd.path()), List.of());
            assertTrue(systemd.await("READY=1\nSTATUS=running", WAIT), systemd.messages().toString());
            watchdog.close();
            assertTrue(systemd.await("STOPPING=1", WAIT), systemd.messages().toString());
            assertEquals(List.of("READY=1\nSTATUS=running", "STOPPING=1"), systemd.messages(),
                    "without WATCHDOG_USEC there are no pings");
        }
    }

    @Test
    void reachesASocketInTheAbstractNamespace() throws Exception {
        try (NotifyReceiver systemd = new NotifyReceiver("@envgate-test-" + PID + "-" + System.nanoTime())) {
            Watchdog watchdog = Watchdog.start("gateway", Map.of("NOTIFY_SOCKET", systemd.path()), List.of());
            assertTrue(systemd.await("READY=1\nSTATUS=running", WAIT), systemd.messages().toString());
            watchdog.close();
        }
    }

    @Test
    void pingsOnlyWhileEveryLoopTurns() throws Exception {
        Heartbeat sensor = new Heartbeat("sensor pm", Duration.ofMillis(400));
        Heartbeat uplink = new Heartbeat("uplink", Duration.ofMillis(400));
        try (NotifyReceiver systemd = new NotifyReceiver(dir.resolve("notify").toString());
             Loop sensorLoop = new Loop(sensor);
             Loop uplinkLoop = new Loop(uplink)) {
            Watchdog watchdog = Watchdog.start("gateway", Map.of("NOTIFY_SOCKET", systemd.path(), "WATCHDOG_USEC", "100000",
                    "WATCHDOG_PID", Long.toString(PID)), List.of(sensor, uplink));
            assertTrue(systemd.await(m -> systemd.count("WATCHDOG=1") >= 3, WAIT), "pings while healthy: "
                    + systemd.messages());

            sensorLoop.hang();
            assertTrue(systemd.await(m -> m.startsWith("STATUS=hung: sensor pm silent for "), WAIT),
                    systemd.messages().toString());
            long pingsWhenHung = systemd.count("WATCHDOG=1");
            Thread.sleep(600);
            assertEquals(pingsWhenHung, systemd.count("WATCHDOG=1"), "no ping while a loop hangs");
            String status = systemd.messages().stream().filter(m -> m.startsWith("STATUS=hung")).findFirst().orElseThrow();
            assertTrue(status.endsWith("(allowed 400ms)") && !status.contains("uplink"), status);

            sensorLoop.resume();
            assertTrue(systemd.await(m -> systemd.count("WATCHDOG=1") > pingsWhenHung, WAIT),
                    "pings again once the loop turns: " + systemd.messages());
            assertEquals(1, systemd.count("STATUS=running"), "running again: " + systemd.messages());
            watchdog.close();
            assertTrue(systemd.await("STOPPING=1", WAIT), systemd.messages().toString());
        }
    }

    @Test
    void pingsOnlyWhenSystemdWatchesThisProcess() {
        assertEquals(Optional.of(Duration.ofSeconds(15)),
                Watchdog.pingInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
        assertEquals(Optional.of(Duration.ofMillis(50)), Watchdog.pingInterval(Map.of("WATCHDOG_USEC", "100000"), 42));
        assertEquals(Optional.empty(), Watchdog.pingInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42));
        assertEquals(Optional.empty(), Watchdog.pingInterval(Map.of("WATCHDOG_USEC", "0"), 42));
        assertEquals(Optional.empty(), Watchdog.pingInterval(Map.of("WATCHDOG_USEC", "30s"), 42));
        assertEquals(Optional.empty(), Watchdog.pingInterval(Map.of(), 42));
    }

    @Test
    void aNotifySocketThatIsNoAddressIsNamed() {
        IOException relative = assertThrows(IOException.class, () -> NotifySocket.address("run/notify"));
        assertEquals("NOTIFY_SOCKET 'run/notify' is neither an absolute path nor an @abstract name", relative.getMessage());
        IOException tooLong = assertThrows(IOException.class, () -> NotifySocket.address("/" + "x".repeat(200)));
        assertTrue(tooLong.getMessage().endsWith("is not a socket address (1 to 107 bytes)"), tooLong.getMessage());
    }

    @Test
    void outsideSystemdItSendsNothingAndStopsQuietly() {
        Watchdog.start("gateway", Map.of(), List.of(new Heartbeat("uplink", Duration.ofMillis(1)))).close();
    }

    /** A pipeline loop that beats each turn and can be made to hang, as a stuck read would. */
    private static final class Loop implements AutoCloseable {
        private final Thread thread;
        private volatile CountDownLatch stuck = new CountDownLatch(0);
        private volatile boolean running = true;

        Loop(Heartbeat heartbeat) {
            thread = new Thread(() -> {
                try {
                    while (running) {
                        heartbeat.beat();
                        stuck.await();
                        Thread.sleep(20);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        void hang() {
            stuck = new CountDownLatch(1);
        }

        void resume() {
            stuck.countDown();
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }
    }
}

package org.envgate.common.systemd;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.envgate.common.config.Units;
import org.tinylog.Logger;

/**
 * Tells systemd that a service (the gateway, ingest) started, and keeps telling it that the
 * service is alive only while every loop of its pipeline keeps turning. A sensor thread stuck in
 * a read, a buffer writer stuck on the disk, an uplink stuck on the network or a store write that
 * never returns goes stale; the pings stop, and systemd restarts the service after
 * {@code WatchdogSec=}.
 *
 * <p>Outside systemd ({@code NOTIFY_SOCKET} unset) it does nothing.
 */
public final class Watchdog implements AutoCloseable {

    private final String service;
    private final NotifySocket socket;
    private final Supplier<List<Heartbeat>> heartbeats;
    private final Duration pingEvery;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private boolean hung;
    private boolean sendFailing;

    private Watchdog(String service, NotifySocket socket, Supplier<List<Heartbeat>> heartbeats, Duration pingEvery) {
        this.service = service;
        this.socket = socket;
        this.heartbeats = heartbeats;
        this.pingEvery = pingEvery;
        this.thread = pingEvery == null ? null : new Thread(() -> run(pingEvery), "watchdog");
    }

    /**
     * Sends {@code READY=1} when started by systemd as a notify service, and starts pinging
     * every half {@code WATCHDOG_USEC} when systemd watches this process.
     *
     * @param service what runs, for the log: {@code gateway}, {@code ingest}
     * @param env the process environment ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC}, {@code WATCHDOG_PID})
     * @param heartbeats every loop that must keep turning
     */
    public static Watchdog start(String service, Map<String, String> env, List<Heartbeat> heartbeats) {
        List<Heartbeat> fixed = List.copyOf(heartbeats);
        return start(service, env, () -> fixed);
    }

    /**
     * As {@link #start(String, Map, List)}, for loops that change while the process runs (a
     * reloaded config starts a new gateway): {@code heartbeats} gives the current ones at each ping.
     */
    public static Watchdog start(String service, Map<String, String> env, Supplier<List<Heartbeat>> heartbeats) {
        Watchdog watchdog = connect(service, env, heartbeats);
        watchdog.ready();
        watchdog.startPinging();
        return watchdog;
    }

    /**
     * As {@link #start(String, Map, Supplier)}, but for a service that is ready only once it has
     * reached something outside (ingest: the broker and the store): it pings while the loops turn
     * and says {@code READY=1} only at {@link #ready()}.
     */
    public static Watchdog startNotReady(String service, Map<String, String> env, Supplier<List<Heartbeat>> heartbeats) {
        Watchdog watchdog = connect(service, env, heartbeats);
        watchdog.startPinging();
        return watchdog;
    }

    private static Watchdog connect(String service, Map<String, String> env, Supplier<List<Heartbeat>> heartbeats) {
        String path = env.get("NOTIFY_SOCKET");
        if (path == null || path.isEmpty()) {
            return new Watchdog(service, null, heartbeats, null);
        }
        NotifySocket socket;
        try {
            socket = NotifySocket.open(path);
        } catch (IOException | LinkageError e) {
            Logger.error("systemd: {}; systemd will not learn that the {} started", e.getMessage(), service);
            return new Watchdog(service, null, heartbeats, null);
        }
        Duration pingEvery = pingInterval(env, ProcessHandle.current().pid()).orElse(null);
        return new Watchdog(service, socket, heartbeats, pingEvery);
    }

    private void startPinging() {
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
            Logger.info("systemd watchdog: pinging every {} while {} loops keep turning", Units.format(pingEvery),
                    heartbeats.get().size());
        }
    }

    /** Half of {@code WATCHDOG_USEC}, when it is set for this process. */
    static Optional<Duration> pingInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec);
            return micros > 0 ? Optional.of(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros) / 2)) : Optional.empty();
        } catch (NumberFormatException e) {
            Logger.warn("systemd: WATCHDOG_USEC '{}' is not a number of microseconds; not pinging", usec);
            return Optional.empty();
        }
    }

    private void run(Duration pingEvery) {
        try {
            while (!stopped.await(pingEvery.toNanos(), TimeUnit.NANOSECONDS)) {
                check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pings if every loop turned within its bound; otherwise says which did not, once. */
    private void check() {
        List<Heartbeat> stale = heartbeats.get().stream().filter(Heartbeat::stale).toList();
        if (stale.isEmpty()) {
            if (hung) {
                hung = false;
                Logger.info("watchdog: every loop turns again");
                send("STATUS=running");
            }
            send("WATCHDOG=1");
            return;
        }
        if (!hung) {
            hung = true;
            String which = stale.stream()
                    .map(h -> h.name() + " silent for " + roughly(h.silence())
                            + " (allowed " + Units.format(h.bound()) + ")")
                    .collect(Collectors.joining(", "));
            Logger.error("watchdog: {}; no longer telling systemd the {} is alive, so it will be restarted", which, service);
            send("STATUS=hung: " + which);
        }
    }

    /** Whole seconds, or milliseconds below one second. */
    private static String roughly(Duration d) {
        return Units.format(d.toSeconds() > 0 ? Duration.ofSeconds(d.toSeconds()) : Duration.ofMillis(d.toMillis()));
    }

    private synchronized void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            socket.send(message);
            if (sendFailing) {
                sendFailing = false;
                Logger.info("systemd: notify socket reachable again");
            }
        } catch (IOException e) {
            if (!sendFailing) {
                sendFailing = true;
                Logger.warn("systemd: {}", e.getMessage());
            }
        }
    }

    /** Tells systemd the service is ready: started, and what it needs answers. */
    public void ready() {
        send("READY=1\nSTATUS=running");
    }

    /** A line for {@code systemctl status}, e.g. what the service waits for. */
    public void status(String text) {
        send("STATUS=" + text);
    }

    /** Tells systemd the service is reloading its config ({@code ExecReload}). */
    public void reloading() {
        send("RELOADING=1\nSTATUS=reloading the config");
    }

    /** Tells systemd the service is ready again after a reload. */
    public void reloaded() {
        ready();
    }

    /** Stops pinging and tells systemd the service is stopping. */
    @Override
    public void close() {
        stopped.countDown();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            send("STOPPING=1");
            socket.close();
        }
    }
}

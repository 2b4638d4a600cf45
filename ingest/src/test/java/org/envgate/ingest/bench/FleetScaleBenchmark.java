package org.envgate.ingest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import org.envgate.common.testing.Mosquitto;

/**
 * A fleet of gateways ({@code envgate-sim fleet}) publishing to mosquitto, one ingest with its
 * embedded QuestDB storing what they send, each in its own process, for a few minutes: ingest's
 * CPU (and the simulator's and mosquitto's) from {@code /proc/<pid>/stat} over the measured
 * window, and the latency from a reading's time to the moment a query on the store first sees
 * it.
 *
 * <p>The latency is measured on a sample of gateways: their {@code pm2_5} readings are asked for
 * every {@value #POLL_MILLIS} ms, and a reading's latency is the time of the first answer that
 * holds it minus its time (which the simulator stamps as it publishes). So it is the whole way,
 * broker, ingest, write and QuestDB's commit to visibility, plus up to one poll interval.
 *
 * <p>Run with {@code bench/fleet-scale.sh}; arguments {@code [gateways] [seconds measured]
 * [gateways sampled]}; the classpath must hold ingest, the simulator and their dependencies.
 */
public final class FleetScaleBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int QUANTITIES = 4;
    private static final int PERIOD_SECONDS = 10;
    private static final int POLL_MILLIS = 100;
    private static final int WARM_UP_SECONDS = 30;
    /** How long after the window a reading sent in it may still arrive before it counts as missing. */
    private static final int GRACE_SECONDS = 15;

    private FleetScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
        int sampled = Math.min(gateways, args.length > 2 ? Integer.parseInt(args[2]) : 50);
        double rate = (double) gateways * QUANTITIES / PERIOD_SECONDS;
        String classpath = System.getProperty("java.class.path");
        Path dir = Files.createTempDirectory("envgate-fleet-bench");
        int storePort = freePort();
        String store = "http://127.0.0.1:" + storePort;
        HttpClient http = HttpClient.newHttpClient();
        try (Mosquitto broker = new Mosquitto(dir)) {
            Path config = dir.resolve("ingest.yaml");
            Files.writeString(config, """
                    mqtt:
                      url: %s
                      topic-prefix: envgate
                      client-id: ingest-fleet-bench
                    embedded:
                      path: %s
                      listen: 127.0.0.1:%d
                    """.formatted(broker.url(), dir.resolve("questdb"), storePort));
            // ingest as systemd/envgate-ingest.service starts it
            Process ingest = start(dir, "ingest", List.of("java", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
                    "-XX:-UsePerfData", "-cp", classpath, "org.envgate.ingest.Main", "--config", config.toString()));
            Process fleet = null;
            try {
                awaitLog(dir.resolve("ingest.log"), "subscribed at", ingest, 120);
                fleet = start(dir, "fleet", List.of("java", "-XX:-UsePerfData", "-cp", classpath,
                        "org.envgate.simulator.SimulatorCli", "fleet", "--broker", broker.url(),
                        "--gateways", Integer.toString(gateways), "--sensors", Integer.toString(QUANTITIES),
                        "--rate", Double.toString(rate), "--report", "30s",
                        "--duration", (WARM_UP_SECONDS + seconds + 5) + "s"));
                awaitLog(dir.resolve("fleet.log"), "connected to", fleet, 600);
                System.out.printf(Locale.ROOT, "fleet-scale: %d gateways x %d quantities, one reading each every %d s "
                        + "(%.0f readings/s), connected; warming up for %d s%n", gateways, QUANTITIES, PERIOD_SECONDS,
                        rate, WARM_UP_SECONDS);
                Thread.sleep(WARM_UP_SECONDS * 1000L);

                long mosquittoPid = pidListeningOn(broker);
                Map<String, Long> cpuBefore = cpuTicks(ingest.pid(), fleet.pid(), mosquittoPid, ProcessHandle.current().pid());
                String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
                long windowStart = System.currentTimeMillis();
                long windowEnd = windowStart + seconds * 1000L;
                Map<String, Long> firstSeen = new HashMap<>();
                Map<String, Long> readingTime = new HashMap<>();
                String gatewayList = sampleList(sampled);
                Map<String, Long> cpuAfter = null;
                String loadAfter = null;
                int threadsFleet = 0;
                while (System.currentTimeMillis() < windowEnd + GRACE_SECONDS * 1000L) {
                    long now = System.currentTimeMillis();
                    if (cpuAfter == null && now >= windowEnd) {
                        cpuAfter = cpuTicks(ingest.pid(), fleet.pid(), mosquittoPid, ProcessHandle.current().pid());
                        loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
                        threadsFleet = threads(fleet.pid());
                    }
                    String since = Instant.ofEpochMilli(Math.max(windowStart, now - 30_000)).toString();
                    JsonNode rows = query(http, store, "select gateway, timestamp from pm2_5 where timestamp >= '"
                            + since + "' and gateway in (" + gatewayList + ")");
                    long seen = System.currentTimeMillis();
                    for (JsonNode row : rows) {
                        long time = Instant.parse(row.get(1).asText()).toEpochMilli();
                        String key = row.get(0).asText() + "@" + time;
                        if (time < windowEnd && firstSeen.putIfAbsent(key, seen) == null) {
                            readingTime.put(key, time);
                        }
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                long expected = (long) sampled * ((seconds + PERIOD_SECONDS - 1) / PERIOD_SECONDS);
                long storedAll = 0;
                for (String table : List.of("pm2_5", "pm10", "co2", "temperature")) {
                    storedAll += query(http, store, "select count() from " + table).get(0).get(0).asLong();
                }
                report(gateways, seconds, sampled, rate, cpuBefore, cpuAfter, loadBefore, loadAfter, firstSeen,
                        readingTime, expected, storedAll, threadsFleet);
            } finally {
                if (fleet != null) {
                    stop(fleet);
                    System.out.println("simulator's last lines: " + lastLines(dir.resolve("fleet.log"), 2));
                }
                stop(ingest);
            }
        }
    }

    private static void report(int gateways, int seconds, int sampled, double rate, Map<String, Long> before,
                               Map<String, Long> after, String loadBefore, String loadAfter,
                               Map<String, Long> firstSeen, Map<String, Long> readingTime, long expected,
                               long storedAll, int threadsFleet) throws IOException, InterruptedException {
        double ticks = clockTicks();
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "fleet-scale: measured %d s; load average at start %s, at end %s%n", seconds,
                loadBefore, loadAfter);
        for (String who : List.of("ingest", "simulator", "mosquitto", "this benchmark (polling the store)")) {
            double cpuSeconds = (after.get(who) - before.get(who)) / ticks;
            double ofOneCore = 100 * cpuSeconds / seconds;
            System.out.printf(Locale.ROOT, "  %-36s CPU %6.1f s = %5.1f %% of one core, %5.1f %% of the machine's %d"
                    + " cores%s%n", who, cpuSeconds, ofOneCore, ofOneCore / cores, cores,
                    who.equals("simulator") ? " (" + threadsFleet + " threads)" : "");
        }
        List<Long> latencies = new ArrayList<>();
        firstSeen.forEach((key, seen) -> latencies.add(seen - readingTime.get(key)));
        Collections.sort(latencies);
        System.out.printf(Locale.ROOT, "  latency, reading's time to first seen by a query on the store (%d of %d "
                        + "pm2_5 readings of %d sampled gateways, polled every %d ms): p50 %d ms, p99 %d ms, max %d ms%n",
                latencies.size(), expected, sampled, POLL_MILLIS, percentile(latencies, 50), percentile(latencies, 99),
                latencies.isEmpty() ? -1 : latencies.get(latencies.size() - 1));
        System.out.printf(Locale.ROOT, "  the store holds %d readings of the fleet in all (%.0f readings/s sent)%n",
                storedAll, rate);
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    private static String sampleList(int sampled) {
        StringJoiner list = new StringJoiner(",");
        for (int g = 1; g <= sampled; g++) {
            list.add(String.format(Locale.ROOT, "'sim-fleet-%04d'", g));
        }
        return list.toString();
    }

    private static JsonNode query(HttpClient http, String store, String sql) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(store + "/exec?query="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // the table does not exist until the first reading of its quantity arrives
            return JSON.createArrayNode();
        }
        return JSON.readTree(response.body()).path("dataset");
    }

    /** utime + stime of each process, in clock ticks. */
    private static Map<String, Long> cpuTicks(long ingest, long fleet, long mosquitto, long self) throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        ticks.put("ingest", cpuTicks(ingest));
        ticks.put("simulator", cpuTicks(fleet));
        ticks.put("mosquitto", cpuTicks(mosquitto));
        ticks.put("this benchmark (polling the store)", cpuTicks(self));
        return ticks;
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // after the command name in parentheses: state is field 3, utime 14 and stime 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static int threads(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        return -1;
    }

    private static double clockTicks() throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
        String text = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        getconf.waitFor();
        return Double.parseDouble(text);
    }

    /** The mosquitto process this benchmark started: the one listening on the broker's port. */
    private static long pidListeningOn(Mosquitto broker) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().command().map(c -> c.endsWith("mosquitto")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("mosquitto-" + broker.port()))
                        .orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("mosquitto's process not found"))
                .pid();
    }

    private static Process start(Path dir, String name, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }

    private static void awaitLog(Path log, String text, Process process, int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(log.getFileName() + ": the process ended: " + lastLines(log, 10));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(log.getFileName() + ": no '" + text + "' within " + seconds + " s: "
                + lastLines(log, 10));
    }

    private static String lastLines(Path log, int n) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package org.envgate.ingest.store;

import io.questdb.ServerMain;
import io.questdb.log.LogFactory;
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
import java.util.HashMap;
import java.util.Map;
import org.envgate.ingest.config.EmbeddedSettings;
import org.envgate.ingest.config.InfluxSettings;

/**
 * QuestDB in ingest's own process, for a machine without InfluxDB: it takes the same InfluxDB
 * v2 write API, and serves its web console and SQL on the same HTTP port. Only that port is
 * opened; PostgreSQL wire, raw ILP and the health port stay off, and so does telemetry.
 */
public final class EmbeddedQuestDb implements AutoCloseable {

    private final ServerMain server;
    private final String url;
    /** One client for all statements: each client keeps its own connection open, and QuestDB limits them. */
    private final HttpClient http = HttpClient.newHttpClient();

    private EmbeddedQuestDb(ServerMain server, String url) {
        this.server = server;
        this.url = url;
    }

    public static EmbeddedQuestDb start(EmbeddedSettings settings) throws IOException {
        Path root = settings.path().toAbsolutePath();
        Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve("log"));
        Path logConf = root.resolve("conf/log.conf");
        if (!Files.exists(logConf)) {
            Files.writeString(logConf, logConfig(root.resolve("log")));
        }
        // QuestDB reads root/conf/log.conf once per process, when it first logs.
        LogFactory.configureRootDir(root.toString());
        int port = settings.port() == 0 ? freePort() : settings.port();
        String bind = settings.host() + ":" + port;
        Map<String, String> env = new HashMap<>();
        env.put("QDB_HTTP_BIND_TO", bind);
        env.put("QDB_HTTP_NET_BIND_TO", bind);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_PG_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        ServerMain server = ServerMain.create(root.toString(), env);
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            throw new IOException("embedded QuestDB in " + root + " did not start on " + bind + ": " + e.getMessage(), e);
        }
        EmbeddedQuestDb db = new EmbeddedQuestDb(server, "http://" + settings.host() + ":" + port);
        try {
            for (String sql : QuestDbSchema.statements()) {
                db.exec(sql);
            }
        } catch (IOException e) {
            db.close();
            throw e;
        }
        return db;
    }

    private static String logConfig(Path folder) {
        return """
                # Written by envgate-ingest: QuestDB's own log goes to files in this folder.
                writers=file
                w.file.class=io.questdb.log.LogRollingFileWriter
                w.file.location=%s/questdb.log.${date:yyyyMMdd}
                w.file.level=INFO,ERROR,CRITICAL
                w.file.rollEvery=day
                w.file.lifeDuration=1M
                w.file.rollSize=64m
                w.file.sizeLimit=1g
                """.formatted(folder);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Its HTTP address: web console, {@code /exec?query=} and {@code /api/v2/write}. */
    public String url() {
        return url;
    }

    /** How ingest writes to it: token, org and bucket are ignored by QuestDB. */
    public InfluxSettings writeSettings() {
        return writeSettings(url);
    }

    /**
     * How ingest writes to an embedded QuestDB at {@code url}, e.g. one a running ingest holds:
     * uncompressed, since it is on loopback, where gzip costs CPU on both ends and saves nothing.
     */
    public static InfluxSettings writeSettings(String url) {
        return new InfluxSettings(url, "unused", "envgate", "envgate", false, 10_000, Duration.ofSeconds(30), true);
    }

    /** Runs one SQL statement through the HTTP endpoint and returns its JSON answer. */
    public String exec(String sql) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(url + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("QuestDB at " + url + " answered " + response.statusCode() + " to '" + sql
                        + "': " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + sql + "'", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}

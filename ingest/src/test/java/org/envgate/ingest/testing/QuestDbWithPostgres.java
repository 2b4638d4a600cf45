package org.envgate.ingest.testing;

import io.questdb.ServerMain;
import io.questdb.log.LogFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.envgate.ingest.store.QuestDbSchema;

/**
 * A QuestDB run as an agency runs its own ("QuestDB, your own" in docs/ingest.md): ingest writes
 * to its HTTP port, the tables made first with {@code --questdb-schema}'s statements in its console, and Grafana's
 * PostgreSQL data source reads it on the PostgreSQL wire port with QuestDB's default user.
 */
public final class QuestDbWithPostgres implements AutoCloseable {

    private final ServerMain server;
    private final int httpPort;
    private final int pgPort;

    public QuestDbWithPostgres(Path dir) throws IOException {
        Path root = dir.toAbsolutePath();
        Files.createDirectories(root.resolve("conf"));
        Files.createDirectories(root.resolve("log"));
        Files.writeString(root.resolve("conf/log.conf"), """
                writers=file
                w.file.class=io.questdb.log.LogFileWriter
                w.file.location=%s/questdb.log
                w.file.level=ERROR,CRITICAL
                """.formatted(root.resolve("log")));
        LogFactory.configureRootDir(root.toString());
        httpPort = EmbeddedBroker.freePort();
        pgPort = EmbeddedBroker.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort);
        env.put("QDB_HTTP_NET_BIND_TO", "127.0.0.1:" + httpPort);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_PG_NET_BIND_TO", "127.0.0.1:" + pgPort);
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        server = ServerMain.create(root.toString(), env);
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        // A new store needs only the tables; the ALTERs bring an older ingest's tables up to date.
        for (String sql : QuestDbSchema.statements().stream().filter(s -> s.startsWith("CREATE")).toList()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/exec?query="
                    + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IOException("QuestDB answered " + response.statusCode() + " to " + sql + ": " + response.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while making the tables", e);
            }
        }
    }

    /** Its HTTP address, where ingest writes. */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** A connection as Grafana's PostgreSQL data source makes it (QuestDB's default user). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", "admin", "quest");
    }

    @Override
    public void close() {
        server.close();
    }
}

package org.envgate.ingest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.envgate.ingest.config.EmbeddedSettings;
import org.envgate.ingest.store.EmbeddedQuestDb;

/** An embedded QuestDB for a test class, with rows read back through its SQL endpoint. */
public final class QuestDbFixture implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EmbeddedQuestDb db;

    public QuestDbFixture(Path dir) throws IOException {
        this.db = EmbeddedQuestDb.start(new EmbeddedSettings(dir, "127.0.0.1", 0));
    }

    public String url() {
        return db.url();
    }

    public int port() {
        return Integer.parseInt(db.url().substring(db.url().lastIndexOf(':') + 1));
    }

    /** The {@code dataset} of a query: one array per row. */
    public JsonNode rows(String sql) throws IOException {
        JsonNode answer = JSON.readTree(db.exec(sql));
        return answer.path("dataset");
    }

    public long count(String sql) throws IOException {
        return rows(sql).get(0).get(0).asLong();
    }

    /**
     * Polls a query until its rows pass {@code done} (QuestDB applies WAL writes
     * asynchronously) and returns the last rows either way.
     */
    public JsonNode awaitRows(String sql, Predicate<JsonNode> done, Duration timeout) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode rows = rows(sql);
        while (!done.test(rows) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            rows = rows(sql);
        }
        return rows;
    }

    @Override
    public void close() {
        db.close();
    }
}

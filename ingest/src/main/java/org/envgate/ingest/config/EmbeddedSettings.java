package org.envgate.ingest.config;

import java.nio.file.Path;

/**
 * The embedded QuestDB that ingest starts when no InfluxDB is configured.
 *
 * @param path      its data folder
 * @param host      address its HTTP port (web console, SQL, InfluxDB write API) listens on
 * @param port      that port; 0 picks a free one
 */
public record EmbeddedSettings(Path path, String host, int port) {
}

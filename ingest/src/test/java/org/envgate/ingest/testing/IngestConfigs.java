package org.envgate.ingest.testing;

import org.envgate.common.config.ConfigException;
import org.envgate.ingest.config.IngestConfig;
import org.envgate.ingest.config.IngestConfigLoader;

/** Ingest configs for the tests, written as an operator would write them. */
public final class IngestConfigs {

    private IngestConfigs() {
    }

    /**
     * @param prefix     the topic prefix, one per test so that tests sharing a broker do not meet
     * @param storeUrl   an InfluxDB v2 write API, e.g. a QuestDB's or VictoriaMetrics' HTTP address
     * @param shareGroup null for none
     * @param extra      more top-level YAML, e.g. a gateways section; may be empty
     */
    public static IngestConfig external(String brokerUrl, String prefix, String clientId, String shareGroup,
                                        String storeUrl, String extra) throws ConfigException {
        String yaml = """
                mqtt:
                  url: %s
                  topic-prefix: %s
                  client-id: %s
                %sinflux:
                  url: %s
                  token: unused
                  org: agency
                  bucket: envgate
                  timeout: 5s
                %s""".formatted(brokerUrl, prefix, clientId,
                shareGroup == null ? "" : "  share-group: " + shareGroup + "\n", storeUrl, extra);
        return new IngestConfigLoader().parse("test-ingest.yaml", yaml);
    }
}

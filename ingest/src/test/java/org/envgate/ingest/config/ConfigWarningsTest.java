package org.envgate.ingest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWarningsTest {

    @TempDir
    Path dir;

    private List<String> warnings(String yaml) throws Exception {
        Path passwordFile = dir.resolve("mqtt-password");
        Files.writeString(passwordFile, "secret\n");
        return ConfigWarnings.of(new IngestConfigLoader().parse("ingest.yaml", yaml.replace("PASSWORD", passwordFile.toString())));
    }

    @Test
    void aPasswordOverPlainTcpToAnotherMachineIsNamed() throws Exception {
        assertEquals(List.of("ingest.yaml: mqtt.password-file: the broker password goes unencrypted over "
                + "tcp://broker.example:1883; anyone on the way can read it and read or publish every station's data. "
                + "Use ssl:// (docs/security.md)"), warnings("""
                mqtt: {url: "tcp://broker.example:1883", username: ingest, password-file: PASSWORD}
                """));
        assertEquals(List.of(), warnings("""
                mqtt: {url: "ssl://broker.example:8883", username: ingest, password-file: PASSWORD}
                """));
        assertEquals(List.of(), warnings("""
                mqtt: {url: "tcp://127.0.0.1:1883", username: ingest, password-file: PASSWORD}
                """));
    }

    @Test
    void anInfluxTokenOverPlainHttpToAnotherMachineIsNamed() throws Exception {
        String config = """
                mqtt: {url: "ssl://broker.example:8883"}
                influx: {url: "%s", token: t0ken, org: agency, bucket: envgate}
                """;
        List<String> plain = warnings(config.formatted("http://influx.example:8086"));
        assertEquals(1, plain.size());
        assertTrue(plain.get(0).startsWith("ingest.yaml: influx.url: the InfluxDB token goes unencrypted over "
                + "http://influx.example:8086;"), plain.get(0));
        assertEquals(List.of(), warnings(config.formatted("https://influx.example:8086")));
        assertEquals(List.of(), warnings(config.formatted("http://localhost:8086")));
    }

    @Test
    void theEmbeddedQuestDbConsoleOffLoopbackIsNamed() throws Exception {
        List<String> open = warnings("""
                mqtt: {url: "ssl://broker.example:8883"}
                embedded: {listen: "0.0.0.0:9000"}
                """);
        assertEquals(List.of("ingest.yaml: embedded.listen: the QuestDB web console on 0.0.0.0:9000 runs any SQL, "
                + "DROP included, without a password, for anyone who can reach it. Keep it on 127.0.0.1 and use an SSH "
                + "tunnel (docs/security.md)"), open);
        assertEquals(List.of(), warnings("""
                mqtt: {url: "ssl://broker.example:8883"}
                """));
        assertEquals(List.of(), warnings("""
                mqtt: {url: "ssl://broker.example:8883"}
                embedded: {listen: "127.0.0.1:9001"}
                """));
    }
}

package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aBadConfigExitsWithStatus2NamingFileLineAndKey() throws Exception {
        Path config = dir.resolve("ingest.yaml");
        Files.writeString(config, "mqtt:\n  url: tcp://broker:1883\n  keep-alive: soon\n");

        assertEquals(Main.USAGE, run("--config", config.toString()));

        assertEquals("envgate-ingest: " + config + ":3: mqtt.keep-alive: 'soon' is not a duration (write e.g. 500ms, "
                + "10s, 5m, 2h, 7d)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a300MegabyteConfigIsRefusedWithStatus2NamingTheFile() throws Exception {
        Path config = dir.resolve("ingest.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(config.toFile(), "rw")) {
            sparse.setLength(300L << 20);
        }
        assertEquals(Main.USAGE, run("--config", config.toString()));
        assertEquals("envgate-ingest: " + config + ": is 314572800 bytes; a config file may be at most 1048576 bytes "
                + "(1 MB)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDeviceAsConfigIsRefusedWithStatus2() {
        assertEquals(Main.USAGE, run("--config", "/dev/zero"));
        assertEquals("envgate-ingest: /dev/zero: is not a regular file (a device, FIFO or socket)\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkConfigValidatesWithoutRunning() throws Exception {
        Path config = dir.resolve("ingest.yaml");
        Files.writeString(config, "mqtt:\n  url: tcp://broker:1883\n");

        assertEquals(Main.OK, run("--check-config", config.toString()));
        assertEquals(config + ": ok\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void checkConfigShowsWhatExposesTheData() throws Exception {
        Path config = dir.resolve("ingest.yaml");
        Files.writeString(config, "mqtt:\n  url: tcp://broker:1883\nembedded:\n  listen: 0.0.0.0:9000\n");

        assertEquals(Main.OK, run("--check-config", config.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("envgate-ingest: warning: " + config
                + ": embedded.listen: the QuestDB web console on 0.0.0.0:9000 runs any SQL"), err.toString());
    }

    @Test
    void wrongUsageExitsWithStatus2() {
        assertEquals(Main.USAGE, run("--config"));
        assertEquals(Main.USAGE, run("check", "ingest.yaml"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("usage: envgate-ingest [--config FILE]"));
    }

    @Test
    void withoutAConfigTheDefaultIsReadAndNamedWhenMissing() {
        // The test machine has no /etc/envgate/ingest.yaml.
        assertTrue(Files.notExists(Main.DEFAULT_CONFIG));
        for (String[] args : new String[][] {{}, {"check"}}) {
            err.reset();
            assertEquals(Main.USAGE, run(args));
            assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("envgate-ingest: no config at "
                    + "/etc/envgate/ingest.yaml (the default when --config is left out); give --config FILE"), err.toString());
        }
    }

    @Test
    void helpAndVersionGoToStdoutWithStatus0() {
        for (String flag : new String[] {"--help", "-h"}) {
            out.reset();
            assertEquals(Main.OK, run(flag));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: envgate-ingest [--config FILE]"), out.toString());
            out.reset();
            assertEquals(Main.OK, run("check", flag));
            assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: envgate-ingest check"), out.toString());
        }
        for (String flag : new String[] {"--version", "-V"}) {
            out.reset();
            assertEquals(Main.OK, run(flag));
            assertTrue(out.toString(StandardCharsets.UTF_8).matches("envgate-ingest \\d+\\.\\d+\\.\\d+.*\\n"), out.toString());
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheQuestDbSchema() {
        assertEquals(Main.OK, run("--questdb-schema"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("CREATE TABLE IF NOT EXISTS pm2_5 "));
    }
}

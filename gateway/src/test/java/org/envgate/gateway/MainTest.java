package org.envgate.gateway;

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

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandIsBadUsage() {
        assertEquals(2, run());
        assertTrue(err().contains("usage: envgate run [--config FILE]"), err());
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertEquals(2, run("start"));
        assertTrue(err().startsWith("envgate: unknown command 'start'"), err());
    }

    @Test
    void runAndCheckWithoutAConfigReadTheDefaultAndSayWhereTheyLooked() {
        // The test machine has no /etc/envgate: both name the default path and the way out.
        assertTrue(Files.notExists(Main.DEFAULT_CONFIG));
        for (String verb : new String[] {"run", "check"}) {
            err.reset();
            assertEquals(2, run(verb), verb);
            assertTrue(err().startsWith("envgate: no config at /etc/envgate/gateway.yaml (the default when --config "
                    + "is left out); give --config FILE"), err());
        }
    }

    @Test
    void runWithAStrayArgumentSaysWhatItTakes() {
        assertEquals(2, run("run", "gateway.yaml"));
        assertTrue(err().startsWith("envgate: run takes --config FILE (default /etc/envgate/gateway.yaml), not "
                + "'gateway.yaml'"), err());
    }

    @Test
    void everyVerbHasItsOwnHelpOnStdoutWithStatus0() {
        for (String verb : new String[] {"run", "demo", "check", "probe"}) {
            for (String flag : new String[] {"--help", "-h"}) {
                out.reset();
                assertEquals(0, run(verb, flag), verb + " " + flag);
                assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: envgate " + verb), out.toString());
            }
        }
        assertEquals("", err());
    }

    @Test
    void helpWinsOverTheVerbsOtherArguments() {
        // "probe --help" must not probe a port named --help; "check -h --config x" must not check.
        assertEquals(0, run("check", "--config", "/nonexistent.yaml", "-h"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--sensor ID"), out.toString());
    }

    @Test
    void theWholeUsageOnHelp() {
        for (String flag : new String[] {"--help", "-h", "help"}) {
            out.reset();
            assertEquals(0, run(flag));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("envgate VERB --help"), out.toString());
        }
    }

    @Test
    void aBadDemoDurationIsNamed() {
        assertEquals(2, run("demo", "--for", "soon"));
        assertTrue(err().startsWith("envgate: 'soon' is not a duration"), err());
    }

    @Test
    void aBadDemoScenarioIsNamedWithFileLineAndKey(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("rain.yaml"), """
                scenario: rain
                gateway: {id: sim-rain}
                sensors:
                  - id: rain
                    model: rain-gauge
                    port: gpio:40
                """);

        assertEquals(2, run("demo", "--scenario", scenario.toString()));
        assertTrue(err().startsWith("envgate: " + scenario + ":6: sensors[0].port: 'gpio:40' must be gpio:PIN"), err());
    }

    @Test
    void demoExpectNeedsAScenario() {
        assertEquals(2, run("demo", "--expect", "expected.jsonl"));
        assertTrue(err().startsWith("envgate: demo --expect needs --scenario FILE"), err());
    }

    @Test
    void aBrokenConfigStopsTheStartWithStatus2AndTheLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                gateway:
                  id: gw-1
                mqtt:
                  url: tcp://127.0.0.1:1883
                sensors:
                  - id: pm
                    model: pms5003
                    port: /dev/ttyAMA0
                    interval: often
                """);
        assertEquals(2, run("run", "--config", config.toString()));
        assertEquals(config + ":9: sensors[0].interval: 'often' is not a duration (write e.g. 500ms, 10s, 5m, 2h, 7d)\n",
                err().replace("envgate: ", ""));
    }

    @Test
    void a300MegabyteConfigIsRefusedWithStatus2NamingTheFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        try (RandomAccessFile sparse = new RandomAccessFile(config.toFile(), "rw")) {
            sparse.setLength(300L << 20);
        }
        assertEquals(2, run("run", "--config", config.toString()));
        assertEquals("envgate: " + config + ": is 314572800 bytes; a config file may be at most 1048576 bytes (1 MB)\n",
                err());
    }

    @Test
    void aDeviceAsConfigIsRefusedWithStatus2() {
        assertEquals(2, run("check", "--config", "/dev/zero"));
        assertEquals("envgate: /dev/zero: is not a regular file (a device, FIFO or socket)\n", err());
    }

    @Test
    void aMissingStorageFolderIsAStartFailure(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                gateway: {id: gw-1}
                storage: {path: %s}
                mqtt: {url: "tcp://127.0.0.1:1883"}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyAMA0}
                """.formatted(dir.resolve("missing")));
        assertEquals(1, run("run", "--config", config.toString()));
    }

    @Test
    void version() {
        for (String flag : new String[] {"--version", "-V", "version"}) {
            out.reset();
            assertEquals(0, run(flag));
            assertTrue(out.toString(StandardCharsets.UTF_8).matches("envgate \\d+\\.\\d+\\.\\d+.*\\n"), out.toString());
        }
    }
}

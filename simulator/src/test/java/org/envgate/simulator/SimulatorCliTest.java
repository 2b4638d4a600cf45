package org.envgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.envgate.simulator.line.LineInstrument;
import org.envgate.simulator.line.LineTwin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCliTest {

    private static final Map<String, TwinProvider> TWINS = TwinProvider.all();

    private static String usageError(String... args) {
        UsageException e = assertThrows(UsageException.class, () -> SimulatorCli.parse(args, TWINS));
        return e.getMessage();
    }

    @Test
    void helpAndVersionAreAnsweredForTheWholeProgramAndForEachVerb() {
        for (String flag : new String[] {"--help", "-h", "help"}) {
            assertEquals(SimulatorCli.USAGE, SimulatorCli.helpOrVersion(List.of(flag)).orElseThrow());
        }
        for (String verb : new String[] {"serve", "verify", "fleet"}) {
            for (String flag : new String[] {"--help", "-h"}) {
                // after other arguments too, so "serve --pty --help" does not open a pty named --help
                String text = SimulatorCli.helpOrVersion(List.of(verb, "--model", "x", flag)).orElseThrow();
                assertTrue(text.startsWith("usage: envgate-sim " + verb + " "), text);
                assertTrue(SimulatorCli.USAGE.contains(text.substring("usage: ".length())), text);
            }
        }
        assertTrue(SimulatorCli.helpOrVersion(List.of("--version")).orElseThrow().matches("envgate-sim \\d+\\.\\d+\\.\\d+.*"));
        assertEquals(SimulatorCli.helpOrVersion(List.of("--version")), SimulatorCli.helpOrVersion(List.of("-V")));
        assertTrue(SimulatorCli.helpOrVersion(List.of("serve", "--model", "pms5003", "--pty")).isEmpty());
        assertTrue(SimulatorCli.helpOrVersion(List.of()).isEmpty());
    }

    @Test
    void theServiceLoaderFindsThePms5003Twin() {
        assertEquals("pms5003", TWINS.get("pms5003").model());
        assertEquals(Map.of("mode", "passive"), TWINS.get("pms5003").demoSensorOptions());
    }

    @Test
    void parsesAFullServeCommand() throws Exception {
        ServeArguments serve = SimulatorCli.parse(new String[] {"serve", "--model", "pms5003", "--tcp",
            "0.0.0.0:4001", "--seed", "9", "--period", "500ms", "--garbage", "0.1", "--bad-checksum", "0.2",
            "--torn", "0.05"}, TWINS);

        assertEquals(new ServeArguments("pms5003", "0.0.0.0", 4001, null, null,
                new TwinOptions(9, Duration.ofMillis(500), 0.1, 0.2, 0.05, Signals.NONE), null, false, Map.of()), serve);
    }

    @Test
    void aLineTwinServesTheDocumentedInstrumentItIsGiven() throws Exception {
        ServeArguments serve = SimulatorCli.parse(new String[] {"serve", "--model", "line", "--tcp", "0", "--format", "sbe37"}, TWINS);
        assertEquals(LineInstrument.SBE37.sensorOptions(), serve.sensorOptions());
        assertEquals(LineInstrument.SBE37, ((LineTwin) TwinProvider.all().get("line").create(serve.options(), serve.sensorOptions()))
                .instrument());
        assertThrows(UsageException.class, () -> SimulatorCli.parse(new String[] {"serve", "--model", "line", "--tcp", "0",
            "--format", "wxt600"}, TWINS));
        assertThrows(UsageException.class, () -> SimulatorCli.parse(new String[] {"serve", "--model", "pms5003", "--tcp", "0",
            "--format", "wxt"}, TWINS));
    }

    @Test
    void modbusTcpServesAModbusTwinBehindAnEthernetGatewayAndNamesTheScheme() throws Exception {
        ServeArguments serve = SimulatorCli.parse(new String[] {"serve", "--model", "modbus", "--modbus-tcp", "0"}, TWINS);
        assertEquals(true, serve.modbusTcp());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.concurrent.CompletableFuture<Void> stop = java.util.concurrent.CompletableFuture.completedFuture(null);
        assertEquals(0, SimulatorCli.serve(serve, stop, new java.io.PrintStream(out, true), System.err));
        assertTrue(out.toString().startsWith("gateway opens: modbus-tcp://127.0.0.1:"), out.toString());

        ServeArguments notModbus = SimulatorCli.parse(new String[] {"serve", "--model", "pms5003", "--modbus-tcp", "0"}, TWINS);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(1, SimulatorCli.serve(notModbus, stop, System.out, new java.io.PrintStream(err, true)));
        assertTrue(err.toString().contains("--modbus-tcp serves Modbus twins only (modbus, senseair-s8), not pms5003"),
                err.toString());
    }

    @Test
    void tcpWithoutHostListensOnLoopback() throws Exception {
        ServeArguments serve = SimulatorCli.parse(new String[] {"serve", "--model", "pms5003", "--tcp", "0"}, TWINS);
        assertEquals("127.0.0.1", serve.tcpHost());
        assertEquals(0, serve.tcpPort());
    }

    @Test
    void badUsageNamesTheArgumentAtFault() {
        assertEquals("no command given", usageError());
        assertEquals("unknown command 'run'", usageError("run"));
        assertEquals("unknown option '--speed'", usageError("serve", "--model", "pms5003", "--speed", "2"));
        assertEquals("--seed needs a value", usageError("serve", "--model", "pms5003", "--tcp", "0", "--seed"));
        assertEquals("--seed must be an integer, got 'x'",
                usageError("serve", "--model", "pms5003", "--tcp", "0", "--seed", "x"));
        assertEquals("--torn must be a probability from 0 to 1, got '1.5'",
                usageError("serve", "--model", "pms5003", "--tcp", "0", "--torn", "1.5"));
        assertEquals("--period must be a positive duration like 500ms, 30s or 5m, got '1 sec'",
                usageError("serve", "--model", "pms5003", "--tcp", "0", "--period", "1 sec"));
        assertEquals("--tcp must be [HOST:]PORT with PORT 0 to 65535, got '70000'",
                usageError("serve", "--model", "pms5003", "--tcp", "70000"));
        assertEquals("give exactly one of --tcp [HOST:]PORT, --modbus-tcp [HOST:]PORT, --pty [PATH] and --serial PATH",
                usageError("serve", "--model", "pms5003", "--tcp", "0", "--serial", "/dev/ttyS0"));
    }

    @Test
    void unknownModelListsTheKnownOnes() {
        assertEquals("unknown model 'no-such-sensor'; known models: " + String.join(", ", TwinProvider.all().keySet()),
                usageError("serve", "--model", "no-such-sensor", "--tcp", "0"));
    }

    @Test
    void usageErrorPrintsUsageAndExitsWithTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = SimulatorCli.usageError(new UsageException("unknown option '--x'"),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(2, status);
        String printed = err.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("envgate-sim: unknown option '--x'"), printed);
        assertTrue(printed.contains("usage: envgate-sim serve --model MODEL"), printed);
    }

    @Test
    void parsesAScenarioServeCommand() throws Exception {
        ScenarioArguments args = ScenarioArguments.parse(List.of("--scenario", "river.yaml", "--emit-config", "gw.yaml",
                "--expect", "sent.jsonl", "--broker", "tcp://broker.lan:1883"));

        assertEquals(new ScenarioArguments(Path.of("river.yaml"), Path.of("gw.yaml"), Path.of("sent.jsonl"),
                "tcp://broker.lan:1883", null), args);
        assertEquals("--broker must be tcp://HOST:PORT or ssl://HOST:PORT, got 'localhost'",
                assertThrows(UsageException.class, () -> ScenarioArguments.parse(List.of("--scenario", "a.yaml",
                        "--broker", "localhost"))).getMessage());
    }

    @Test
    void aBadScenarioStopsServeWithStatusTwo(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("bad.yaml"), "scenario: bad\ngateway: {id: g}\nsensors: []\n");

        assertEquals(2, SimulatorCli.scenario(new ScenarioArguments(scenario, null, null,
                ScenarioArguments.DEFAULT_BROKER, dir), new CompletableFuture<>(), System.out, System.err));
    }

    @Test
    void serveRefusesAScenarioWithARainGaugeWithStatusTwo(@TempDir Path dir) throws Exception {
        Path scenario = Path.of("..", "config", "scenarios", "river-with-rain.yaml");

        assertEquals(2, SimulatorCli.scenario(new ScenarioArguments(scenario, dir.resolve("gateway.yaml"), null,
                ScenarioArguments.DEFAULT_BROKER, dir), new CompletableFuture<>(), System.out, System.err));
        assertFalse(Files.exists(dir.resolve("gateway.yaml")), "nothing is served, so no config is written");
    }
}

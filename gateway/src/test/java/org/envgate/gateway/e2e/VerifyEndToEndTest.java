package org.envgate.gateway.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.Gateway;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.demo.EmbeddedBroker;
import org.envgate.simulator.ScenarioArguments;
import org.envgate.simulator.scenario.ScenarioServe;
import org.envgate.simulator.verify.ReadingComparison;
import org.envgate.simulator.verify.Verify;
import org.envgate.simulator.verify.VerifyArguments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer's end-to-end check as the docs show it: {@code serve --scenario --expect}, a real
 * gateway on the emitted config, and {@code envgate-sim verify} listening at the broker. With a
 * silence on one sensor and bad checksums on another, verify reports exactly the readings those
 * faults cost: missing readings of those two sensors, and nothing for the others, nothing extra
 * and no value changed.
 */
class VerifyEndToEndTest {

    private static final Duration RUN = Duration.ofSeconds(18);

    /** One real second is a simulated minute: each fault lasts three real seconds, three reads. */
    private static final String SCENARIO = """
            scenario: verify
            seed: 5
            time-factor: 60
            gateway: {id: sim-verify-01, site: test-bench}
            sensors:
              - id: pm
                model: pms5003
                port: pty
                interval: 1s
                options: {mode: passive}
                faults:
                  - {at: 5m, for: 3m, kind: bad-checksum}
              - id: co2
                model: mhz19b
                port: tcp:0
                interval: 1s
                signals:
                  co2: {baseline: 450, noise: 5}
                faults:
                  - {at: 8m, for: 3m, kind: silence}
              - id: pm-ref
                model: sds011
                port: tcp:0
                interval: 1s
                options: {mode: query}
              - id: sonde
                model: modbus
                port: pty
                interval: 1s
                options: {address: 1}
            """;

    @TempDir
    Path dir;

    @Test
    void verifyReportsTheReadingsTheFaultsCostAndNothingElse() throws Exception {
        Path scenario = Files.writeString(dir.resolve("verify.yaml"), SCENARIO);
        Path config = dir.resolve("gateway.yaml");
        Path expected = dir.resolve("expected.jsonl");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ReadingComparison.Result result;
        try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {
            PrintStream out = new PrintStream(table, true, StandardCharsets.UTF_8);
            CompletableFuture<ReadingComparison.Result> verify = CompletableFuture.supplyAsync(() -> {
                try {
                    return Verify.run(new VerifyArguments(expected, broker.url(), "envgate", RUN), out, System.err);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 500 && !table.toString(StandardCharsets.UTF_8).startsWith("verify: listening"); i++) {
                Thread.sleep(20);
            }
            assertFalse(verify.isCompletedExceptionally(), "verify subscribed");
            try (ScenarioServe serve = ScenarioServe.start(new ScenarioArguments(scenario, config, expected, broker.url(),
                    dir.resolve("run")), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
                 Gateway gateway = Gateway.start(new GatewayConfigLoader(DriverRegistry.load()).load(config),
                         Clock.systemUTC(), null)) {
                Thread.sleep(RUN.toMillis() - 2_000);
            }
            result = verify.get(RUN.toMillis() + 10_000, TimeUnit.MILLISECONDS);
        }
        String printed = table.toString(StandardCharsets.UTF_8);

        assertFalse(result.clean(), printed);
        Map<String, ReadingComparison.Row> rows = result.rows().stream()
                .collect(Collectors.toMap(row -> row.sensor() + "/" + row.quantity(), row -> row));
        Set<String> faulted = Set.of("pm", "co2");
        for (ReadingComparison.Row row : result.rows()) {
            String series = row.sensor() + "/" + row.quantity();
            assertTrue(row.matched() >= 8, series + " mostly arrived:\n" + printed);
            assertEquals(0, row.extra(), series + ": nothing extra:\n" + printed);
            assertEquals(0, row.different(), series + ": no value changed:\n" + printed);
            if (faulted.contains(row.sensor())) {
                assertTrue(row.missing() >= 2, series + ": the fault cost readings:\n" + printed);
            } else {
                assertEquals(0, row.missing(), series + ": no fault, nothing missing:\n" + printed);
            }
        }
        assertTrue(rows.keySet().containsAll(Set.of("pm/pm2_5", "co2/co2", "pm-ref/pm10", "sonde/ph")), printed);
        assertTrue(printed.contains("verify: readings differ from what was sent"), printed);
    }
}

package org.envgate.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.envgate.common.config.ConfigException;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.alert.AlertRule;
import org.junit.jupiter.api.Test;

class AlertConfigTest {

    private final GatewayConfigLoader loader = new GatewayConfigLoader(DriverRegistry.load());

    private static final String HEAD = """
            gateway:
              id: gw
            mqtt:
              url: tcp://broker:1883
            gpio:
              platform: mock
            status-led:
              pin: 17
            sensors:
              - id: pm
                model: pms5003
                port: /dev/ttyAMA0
            """;

    private List<AlertRule> alerts(String section) throws ConfigException {
        return loader.parse("g.yaml", HEAD + section).alerts();
    }

    private ConfigException error(String section) {
        return assertThrows(ConfigException.class, () -> alerts(section));
    }

    @Test
    void aRuleMayWatchAWindowsMeanOfAWindowTheStationAverages() throws Exception {
        List<AlertRule> rules = alerts("""
                alerts:
                  - {id: dust-over-limit, source: pm/pm2_5/mean_1h, above: 50, clear: 45, severity: warning}
                """);
        assertEquals("pm/pm2_5/mean_1h", rules.get(0).source());
        ConfigException unaveraged = error("""
                alerts:
                  - {id: dust, source: pm/pm2_5/mean_2h, above: 50, clear: 45, severity: warning}
                """);
        assertEquals("g.yaml:14: alerts[0].source: 'pm/pm2_5/mean_2h': a mean source ends /mean_<window>, the window "
                + "one of aggregates.windows (1m, 1h, 24h)", unaveraged.getMessage());
        ConfigException notAMean = error("""
                alerts:
                  - {id: dust, source: pm/pm2_5/max_1h, above: 50, clear: 45, severity: warning}
                """);
        assertTrue(notAMean.getMessage().contains("a mean source ends /mean_<window>"), notAMean.getMessage());
        ConfigException rate = error("""
                alerts:
                  - {id: dust, source: pm/pm2_5/mean_1h, rate-above: 5, clear: 2, severity: warning}
                """);
        assertTrue(rate.getMessage().contains("alerts[0]"), rate.getMessage());
    }

    @Test
    void readsTheRulesOfTheDesign() throws Exception {
        List<AlertRule> rules = alerts("""
                alerts:
                  - id: dust
                    source: pm/pm2_5
                    above: 50
                    for: 2m
                    clear: 45
                    clear-for: 10m
                    severity: warning
                    gpio-out: 23
                  - id: index-low
                    source: _station/aqi_vn_1h
                    below: 10
                    clear: 20
                    severity: info
                aqi:
                  indexes: [vn]
                  pm2_5: pm
                """);
        assertEquals(2, rules.size());
        AlertRule dust = rules.get(0);
        assertEquals("dust", dust.id());
        assertEquals("pm/pm2_5", dust.source());
        assertEquals(AlertRule.Direction.ABOVE, dust.direction());
        assertEquals(50, dust.threshold());
        assertEquals(45, dust.clear());
        assertEquals(Duration.ofMinutes(2), dust.holdFor());
        assertEquals(Duration.ofMinutes(10), dust.clearFor());
        assertEquals(org.envgate.wire.AlertEvent.Severity.WARNING, dust.severity());
        assertEquals(Optional.of(23), dust.gpioOut());
        AlertRule low = rules.get(1);
        assertEquals(AlertRule.Direction.BELOW, low.direction());
        assertEquals(Duration.ZERO, low.holdFor());
        assertEquals(Optional.empty(), low.gpioOut());
    }

    @Test
    void noSectionMeansNoRules() throws Exception {
        assertEquals(List.of(), alerts(""));
    }

    @Test
    void errorsNameFileLineAndKey() {
        String base = """
                alerts:
                  - id: dust
                    source: pm/pm2_5
                    above: 50
                    clear: 45
                    severity: warning
                """;
        String rate = base.replace("above: 50", "rate-above: 5").replace("clear: 45", "clear: 1");
        record Case(String section, String key, String says) {
        }
        List<Case> cases = List.of(
                new Case(base.replace("id: dust", "id: Dust"), "alerts[0].id", "Dust"),
                new Case(base.replace("source: pm/pm2_5", "source: rain/rainfall"), "alerts[0].source",
                        "not a sensor"),
                new Case(base.replace("source: pm/pm2_5", "source: pm/ph"), "alerts[0].source", "does not report"),
                new Case(base.replace("source: pm/pm2_5", "source: _station/aqi_xx"), "alerts[0].source",
                        "_station/aqi_vn_1h"),
                new Case(base.replace("above: 50", "above: 50\n    below: 10"), "alerts[0].below", "exactly one"),
                new Case(base.replace("    above: 50\n", ""), "alerts[0].source", "exactly one"),
                new Case(base.replace("clear: 45", "clear: 55"), "alerts[0].clear", "at or below"),
                new Case(base.replace("    clear: 45\n", ""), "alerts[0].clear", "missing"),
                new Case(base.replace("severity: warning", "severity: high"), "alerts[0].severity", "critical"),
                new Case(base.replace("    severity: warning\n", ""), "alerts[0].severity", "missing"),
                new Case(base.replace("severity: warning", "severity: warning\n    gpio-out: 17"), "alerts[0].gpio-out",
                        "status LED"),
                new Case(base.replace("severity: warning", "severity: warning\n    gpio-out: 40"), "alerts[0].gpio-out",
                        "out of range"),
                new Case(base.replace("severity: warning", "severity: warning\n    rate: 1"), "alerts[0]", "rate"),
                new Case(base + base.substring("alerts:\n".length()), "alerts[1].id", "duplicate alert id"),
                new Case(rate.replace("rate-above: 5", "rate-above: 5\n    above: 50"), "alerts[0].rate-above",
                        "exactly one of above:, below:, rate-above: or rate-below:"),
                new Case(rate.replace("rate-above: 5", "rate-above: 5\n    rate-below: -5"), "alerts[0].rate-below",
                        "exactly one"),
                new Case(rate.replace("clear: 1", "clear: 6"), "alerts[0].clear", "when the rate comes back"),
                new Case(rate.replace("rate-above: 5", "rate-above: fast"), "alerts[0].rate-above", "not a number"),
                new Case(rate.replace("source: pm/pm2_5", "source: _station/aqi_vn_1h")
                        + "aqi: {indexes: [vn], pm2_5: pm}\n", "alerts[0].rate-above", "not the station's index"));
        for (Case c : cases) {
            ConfigException e = error(c.section());
            assertTrue(e.getMessage().contains("g.yaml"), e.getMessage());
            assertTrue(e.getMessage().contains(c.key()), c.key() + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(c.says()), c.says() + ": " + e.getMessage());
        }
    }

    @Test
    void readsRateRules() throws Exception {
        List<AlertRule> rules = alerts("""
                alerts:
                  - id: dust-rising
                    source: pm/pm2_5
                    rate-above: 5
                    for: 3m
                    clear: 1
                    clear-for: 10m
                    severity: info
                  - id: dust-falling
                    source: pm/pm2_5
                    rate-below: -5
                    clear: -1
                    severity: info
                """);
        AlertRule rising = rules.get(0);
        assertEquals(AlertRule.Measure.RATE, rising.measure());
        assertEquals(AlertRule.Direction.ABOVE, rising.direction());
        assertEquals(5, rising.threshold());
        assertEquals(1, rising.clear());
        assertEquals(Duration.ofMinutes(3), rising.holdFor());
        AlertRule falling = rules.get(1);
        assertEquals(AlertRule.Measure.RATE, falling.measure());
        assertEquals(AlertRule.Direction.BELOW, falling.direction());
        assertEquals(-5, falling.threshold());
    }

    @Test
    void anIndexSourceNeedsItsIndexInAqiIndexes() throws Exception {
        String rule = """
                alerts:
                  - id: smog
                    source: _station/aqi_us_24h
                    above: 150
                    clear: 100
                    severity: warning
                """;
        ConfigException noAqi = error(rule);
        assertTrue(noAqi.getMessage().contains("g.yaml"), noAqi.getMessage());
        assertTrue(noAqi.getMessage().contains("alerts[0].source"), noAqi.getMessage());
        assertTrue(noAqi.getMessage().contains("needs us in aqi.indexes (configured: none)"), noAqi.getMessage());
        ConfigException vnOnly = error(rule + "aqi: {indexes: [vn], pm2_5: pm}\n");
        assertTrue(vnOnly.getMessage().contains("needs us in aqi.indexes (configured: vn)"), vnOnly.getMessage());
        assertEquals("_station/aqi_us_24h", alerts(rule + "aqi: {indexes: [vn, us], pm2_5: pm}\n").get(0).source());
    }

    @Test
    void aGpioOutputNeedsTheGpioPlatform() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("g.yaml", """
                gateway:
                  id: gw
                mqtt:
                  url: tcp://broker:1883
                sensors:
                  - id: pm
                    model: pms5003
                    port: /dev/ttyAMA0
                alerts:
                  - id: dust
                    source: pm/pm2_5
                    above: 50
                    clear: 45
                    severity: critical
                    gpio-out: 23
                """));
        assertTrue(e.getMessage().contains("gpio.platform"), e.getMessage());
    }

    @Test
    void theShippedAlertsConfigLoads() throws Exception {
        GatewayConfig config = loader.load(java.nio.file.Path.of("..", "config", "alerts.yaml"));
        assertEquals(List.of("dust-over-limit", "flood", "flood-rising", "ph-low", "ph-high"),
                config.alerts().stream().map(AlertRule::id).toList());
        assertEquals(Optional.of(23), config.alerts().get(1).gpioOut());
        assertEquals(AlertRule.Measure.RATE, config.alerts().get(2).measure());
    }
}

package org.envgate.simulator.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.envgate.simulator.TwinFaults;
import org.junit.jupiter.api.Test;

/** A scheduled {@code wrong-line-settings} garbles the sensor's whole line, a shared RS-485 line included. */
class WrongLineSettingsTest {

    private static final long T0 = 1_795_860_000_000L;

    @Test
    void theFaultGarblesTheEndpointInItsWindowOnly() throws Exception {
        Scenario scenario = new ScenarioLoader().parse("wrong.yaml", """
                scenario: wrong
                time-factor: 60
                gateway: {id: g}
                sensors:
                  - id: pm
                    model: pms5003
                    port: pty
                    faults:
                      - {at: 1m, for: 1m, kind: wrong-line-settings}
                  - id: sonde-a
                    model: modbus
                    port: pty:rs485
                    options: {address: 1}
                    faults:
                      - {at: 2m, for: 1m, kind: wrong-line-settings}
                  - id: sonde-b
                    model: modbus
                    port: pty:rs485
                    options: {address: 2}
                """);
        List<String> log = new ArrayList<>();
        Map<String, ScenarioTwin> twins = ScenarioTwins.build(scenario, new ScenarioClock(T0, 60), reading -> { }, log::add);
        ScenarioTwin pm = twins.get("pty#pm");
        ScenarioTwin line = twins.get("pty:rs485");

        for (long second : new long[] {0, 1, 2, 3}) {
            pm.advance(T0 + second * 1000 + 500);
            line.advance(T0 + second * 1000 + 500);
            assertEquals(second == 1, pm.faults().on(TwinFaults.Fault.WRONG_LINE_SETTINGS), "pm at " + second + " s");
            assertEquals(second == 2, line.faults().on(TwinFaults.Fault.WRONG_LINE_SETTINGS), "the line at " + second + " s");
        }
        assertTrue(log.contains("+0h01m00s sensor pm: wrong-line-settings starts"), log.toString());
    }
}

package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.simulator.TwinOptions;
import org.envgate.simulator.TwinProvider;
import org.envgate.simulator.TwinServer;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.Test;

/** {@code envgate probe} against twins on a real pseudo-terminal. */
class ProbeTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int probe(String port) {
        return Main.run(new String[] {"probe", port}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void findsAPms5003InActiveMode() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            assertEquals(0, probe(pty.b()), out());
            assertTrue(out().contains("found plantower: Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), active mode, PM2.5 "), out());
        }
    }

    @Test
    void findsAPms5003InPassiveModeByAskingOnce() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("pms5003").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            try (Link gateway = Links.open(pty.b(), SerialSettings.DEFAULT_9600_8N1)) {
                gateway.write(new byte[] {0x42, 0x4D, (byte) 0xE1, 0x00, 0x00, 0x01, 0x70});
                Thread.sleep(300);
            }
            assertEquals(0, probe(pty.b()), out());
            assertTrue(out().contains("found plantower: Plantower PMS5003/PMS7003/PMS5003T (model pms5003, pms7003 or pms5003t), passive mode, PM2.5 "), out());
        }
    }

    @Test
    void findsModbusSlavesAndASenseairS8() throws Exception {
        for (String model : new String[] {"modbus", "senseair-s8"}) {
            out.reset();
            try (PtyPair pty = PtyPair.start();
                 TwinServer twin = TwinServer.serial(TwinProvider.all().get(model).create(TwinOptions.defaults()),
                         pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
                assertEquals(0, probe(pty.b()), out());
                assertTrue(out().contains(model.equals("modbus") ? "found modbus: Modbus RTU slaves at address 1"
                        : "found senseair-s8: Senseair S8 (Modbus, any-address 0xFE), meter status 0x0, CO2 "), out());
            }
        }
    }

    @Test
    void namesTheEzoCircuitThatAnswers() throws Exception {
        try (PtyPair pty = PtyPair.start();
             TwinServer twin = TwinServer.serial(TwinProvider.all().get("ezo-do").create(TwinOptions.defaults()),
                     pty.a(), SerialSettings.DEFAULT_9600_8N1)) {
            assertEquals(0, probe(pty.b()), out());
            assertTrue(out().contains("found ezo: Atlas Scientific EZO DO circuit, firmware 2.12 (model ezo-do)"), out());
        }
    }

    @Test
    void aSilentPortIsAFaultWithAHint() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            assertEquals(1, probe(pty.b()));
            assertTrue(out().contains("nothing answered on " + pty.b()), out());
            assertTrue(out().contains("Check power and wiring"), out());
        }
    }

    @Test
    void aMissingPortIsNamed() {
        assertEquals(1, probe("/dev/envgate-no-such-port"));
        assertTrue(out().contains("/dev/envgate-no-such-port: no such device"), out());
    }
}

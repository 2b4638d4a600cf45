package org.envgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.TimeUnit;
import org.envgate.link.Link;
import org.envgate.link.Links;
import org.envgate.link.SerialSettings;
import org.envgate.testing.PtyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/** {@code serve --model} for real: what it prints, the pty it makes, and when it stops. */
class ServeCommandTest {

    private static final Map<String, TwinProvider> TWINS = TwinProvider.all();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Void> stop = new CompletableFuture<>();

    private CompletableFuture<Integer> serve(String... args) throws UsageException {
        ServeArguments serve = SimulatorCli.parse(args, TWINS);
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> SimulatorCli.serve(serve, stop, o, e));
    }

    /** The first line printed, once it is there. */
    private String printed(String prefix) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            String text = out.toString(StandardCharsets.UTF_8);
            if (text.startsWith(prefix) && text.contains("\n")) {
                return text.substring(prefix.length(), text.indexOf('\n'));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("'" + prefix + "' was never printed; out: " + out + " err: " + err);
    }

    @Test
    void ptyWithoutAPathIsGivenOneOfThisProcess() throws Exception {
        assertEquals(ServeArguments.defaultPty("pms5003").toString(),
                SimulatorCli.parse(new String[] {"serve", "--model", "pms5003", "--pty"}, TWINS).ptyPath());
        ServeArguments named = SimulatorCli.parse(new String[] {"serve", "--model", "pms5003", "--pty", "/tmp/x/pm",
            "--seed", "3"}, TWINS);
        assertEquals("/tmp/x/pm", named.ptyPath());
        assertEquals(3, named.options().seed());
    }

    @Test
    void servePrintsThePtyTheGatewayOpensAndFramesArriveThere() throws Exception {
        CompletableFuture<Integer> status = serve("serve", "--model", "pms5003", "--pty", "--period", "200ms");
        String gatewayEnd = printed("gateway opens: ");
        assertEquals(ServeArguments.defaultPty("pms5003").toString(), gatewayEnd);

        byte[] frame = new byte[64];
        int count = 0;
        try (Link link = Links.open(gatewayEnd, SerialSettings.DEFAULT_9600_8N1)) {
            for (int i = 0; i < 20 && count < 2; i++) {
                count += link.read(frame, count, frame.length - count, Duration.ofMillis(200));
            }
        }
        assertTrue(count >= 2 && frame[0] == 0x42 && frame[1] == 0x4d, "a PMS5003 frame starts with BM");

        stop.complete(null);
        assertEquals(0, status.get(10, TimeUnit.SECONDS));
        assertFalse(Files.exists(Path.of(gatewayEnd)), "the pty goes with the simulator");
    }

    @Test
    void serveOnASerialDeviceSaysTheGatewayOpensTheOtherEnd() throws Exception {
        try (PtyPair pty = PtyPair.start()) {
            CompletableFuture<Integer> status = serve("serve", "--model", "pms5003", "--serial", pty.b());
            assertEquals(pty.b() + " (the gateway opens the other end of this line)", printed("simulator holds: "));
            stop.complete(null);
            assertEquals(0, status.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void theSimulatorStopsWhenItsOnlyTwinHasGone(@TempDir Path dir) throws Exception {
        PtyPair pty = PtyPair.start();
        CompletableFuture<Integer> status = serve("serve", "--model", "sds011", "--serial", pty.b());
        printed("simulator holds: ");

        pty.close();

        assertEquals(1, status.get(10, TimeUnit.SECONDS));
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("envgate-sim: twin sds011 on " + pty.b() + " has gone: "), lines.get(0));
        assertEquals("envgate-sim: the last twin has gone, nothing is left to serve: stopping", lines.get(1));
    }

    @Test
    void slf4jIsBoundSoItPrintsNoWarningAtStart() {
        assertFalse(LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory,
                "without a binding SLF4J prints three warnings the first time jssc opens a port");
    }
}

package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.envgate.drivers.DriverRegistry;
import org.envgate.gateway.config.GatewayConfig;
import org.envgate.gateway.config.GatewayConfigLoader;
import org.envgate.gateway.log.Logging;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} and {@code run} agree on every start-up failure of the buffer's folder: where
 * run refuses to start, check reports the same fault on its storage row, and where check finds
 * the folder good, the gateway starts on it.
 */
class StartupChecksAgreeTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** A way the folder can be wrong, what makes it so, and the words both commands must say. */
    private record Failure(String what, Preparation storage, String fault) {
    }

    private interface Preparation {
        Path make(Path dir) throws IOException;
    }

    private static final List<Failure> FAILURES = List.of(
            new Failure("a missing folder (an unmounted card)", dir -> dir.resolve("card"),
                    "does not exist or is not a folder"),
            new Failure("a file where the folder should be", dir -> Files.writeString(dir.resolve("card"), "x"),
                    "does not exist or is not a folder"),
            // sysfs: a folder no user, root included, may create a file in, like a read-only mount.
            new Failure("a folder this user cannot write", dir -> Path.of("/sys"), "is not writable by user"),
            new Failure("a buffer that is not a file", dir -> {
                Files.createDirectories(dir.resolve("store").resolve("readings.db"));
                return dir.resolve("store");
            }, "readings.db is not a file"));

    @AfterEach
    void logsBackToStderr() {
        Logging.writeTo(null);
    }

    @Test
    void checkReportsEveryFaultThatStopsRunWithTheSameWords() throws Exception {
        for (Failure failure : FAILURES) {
            Path storage = failure.storage().make(dir);
            Path config = config(storage);

            out.reset();
            int checked = Main.run(new String[] {"check", "--config", config.toString()}, stream(out), stream(out));
            String checkOut = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, checked, failure.what() + ":\n" + checkOut);
            assertTrue(Pattern.compile("\\(storage\\) +buffer +" + Pattern.quote(storage.toString()) + " +FAULT +.*"
                    + Pattern.quote(failure.fault())).matcher(checkOut).find(), failure.what() + ":\n" + checkOut);

            log.reset();
            Logging.writeTo(stream(log));
            int ran = Main.run(new String[] {"run", "--config", config.toString()}, stream(out), stream(out));
            Logging.writeTo(null);
            String runLog = log.toString(StandardCharsets.UTF_8);
            assertEquals(1, ran, failure.what() + ":\n" + runLog);
            assertTrue(runLog.contains("cannot start: ") && runLog.contains(failure.fault()), failure.what() + ":\n" + runLog);
            String checkFault = checkOut.substring(checkOut.indexOf("FAULT", checkOut.indexOf("(storage)")) + 5).trim();
            assertTrue(runLog.contains(checkFault.lines().findFirst().orElseThrow()),
                    failure.what() + ": the same words\n" + checkOut + "\n" + runLog);
        }
    }

    @Test
    void aFolderCheckFindsGoodIsOneTheGatewayStartsOn() throws Exception {
        Path storage = Files.createDirectories(dir.resolve("store"));
        Path config = config(storage);
        Main.run(new String[] {"check", "--config", config.toString()}, stream(out), stream(out));
        String checkOut = out.toString(StandardCharsets.UTF_8);
        assertTrue(Pattern.compile("\\(storage\\) +buffer +" + Pattern.quote(storage.toString()) + " +OK +writable by ")
                .matcher(checkOut).find(), checkOut);
        GatewayConfig loaded = new GatewayConfigLoader(DriverRegistry.load()).load(config);
        Gateway.start(loaded, Clock.systemUTC(), null).close();
        assertTrue(Files.isRegularFile(storage.resolve("readings.db")));
    }

    private Path config(Path storage) throws IOException {
        // A sensor on a port that is not there: its own row faults at once; the storage row is the subject.
        return Files.writeString(dir.resolve("gateway.yaml"), """
                gateway: {id: gw-start}
                storage: {path: "%s"}
                mqtt: {url: "tcp://127.0.0.1:1"}
                sensors:
                  - {id: pm, model: pms5003, port: /dev/ttyENVGATE-NONE}
                """.formatted(storage));
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}

package org.envgate.gateway.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code envgate demo} as a user runs it: its own process, readings printed, Ctrl-C to stop. */
class DemoTest {

    private static final Pattern ROW = Pattern.compile("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\s+pms5003\\s+(pm1_0|pm2_5|pm10)\\s+(\\d+)\\s+ug/m3");
    private static final Pattern CONFIG = Pattern.compile("config: (\\S+)");
    private static final Pattern LOG = Pattern.compile("^log: (\\S+)");
    private static final Pattern LOG_LINE = Pattern.compile("\\b(TRACE|DEBUG|INFO|WARN|ERROR)\\b");
    /** The demo's I2C sensors, read on the gateway's mock I2C bus. */
    private static final Pattern I2C_ROW = Pattern.compile("\\d{3}\\s+(bme280|sht3x)\\s+(temperature|pressure|humidity)\\s+[0-9.]+\\s+(Cel|hPa|%RH)");

    @Test
    // Reads of the demo's output block: a demo that goes quiet fails the test instead of hanging the build.
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void printsDeliveredReadingsAndStopsCleanlyOnCtrlC() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "org.envgate.gateway.Main", "demo")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        int rows = 0;
        Set<String> i2c = new HashSet<>();
        Path config = null;
        Path log = null;
        List<Integer> quantityColumns = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while ((rows < 6 || i2c.size() < 2) && System.nanoTime() < end && (line = out.readLine()) != null) {
                lines.add(line);
                Matcher c = CONFIG.matcher(line);
                if (config == null && c.find()) {
                    config = Path.of(c.group(1));
                }
                Matcher l = LOG.matcher(line);
                if (log == null && l.find()) {
                    log = Path.of(l.group(1));
                }
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    rows++;
                    quantityColumns.add(row.start(1));
                }
                Matcher i2cRow = I2C_ROW.matcher(line);
                if (i2cRow.find()) {
                    i2c.add(i2cRow.group(1));
                }
            }
            assertTrue(rows >= 6, "readings printed as a table:\n" + String.join("\n", lines));
            assertEquals(2, i2c.size(), "the BME280 and the SHT3x on the mock I2C bus:\n" + String.join("\n", lines));
            assertTrue(config != null && Files.exists(config), "the demo shows the config it wrote");
            assertTrue(log != null && Files.readString(log).contains("INFO"), "the demo names the file its log goes to");
            assertEquals(List.of(), lines.stream().filter(l -> LOG_LINE.matcher(l).find()).toList(),
                    "no log line breaks up the table");
            assertEquals(1, quantityColumns.stream().distinct().count(), "columns line up: " + lines);

            new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
            // A JVM started with SIGINT ignored (a build run from a shell's `&` without job control)
            // keeps ignoring it.
            assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo stops on SIGINT (is SIGINT ignored in this build?)");
            for (String rest; (rest = out.readLine()) != null; ) {
                lines.add(rest);
            }
        } finally {
            demo.destroyForcibly();
        }
        String output = String.join("\n", lines);
        assertTrue(output.contains("-- gateway 'demo' is online"), output);
        assertTrue(output.contains("-- gateway 'demo' is offline"), "the gateway says goodbye on Ctrl-C:\n" + output);
        assertFalse(Files.exists(config.getParent()), "the demo's temporary folder is removed");
        assertEquals(130, demo.exitValue(), "the usual status of a process stopped by Ctrl-C");
        assertTrue(Files.exists(log), "the log is kept after the demo");
        Files.delete(log);
    }
}

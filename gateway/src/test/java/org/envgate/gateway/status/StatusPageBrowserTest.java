package org.envgate.gateway.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.envgate.gateway.Display;
import org.envgate.gateway.poll.SensorState;
import org.envgate.simulator.TwinFaults.Fault;
import org.envgate.wire.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page as a phone's browser shows it, in Debian's headless Chromium: loaded from a running
 * gateway, its DOM must show each sensor's values with units, then a sensor's fault once its
 * twin falls silent; left open, it must follow the gateway by itself, and say so when the
 * gateway stops answering.
 */
class StatusPageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** One sensor's card in the dumped DOM; the page builds it with the sensor's id as data-sensor. */
    private static final String CARD = "<section class=\"card sensor (\\w+)\" data-sensor=\"%s\" data-state=\"(\\w+)\">(.*?)</section>";

    @TempDir
    Path storage;

    @TempDir
    Path browserProfiles;

    @Test
    void showsEverySensorsValuesThenASensorFault() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (apt-get install chromium)");
        // A port name that is markup: the page must show it as text, never run it.
        String hostilePort = "/dev/envgate-<img src=x onerror=document.title='pwned'>";
        try (PageStation station = PageStation.start(storage, "  - {id: odd, model: mhz19b, port: \"" + hostilePort + "\"}\n",
                "status-page: {listen: 127.0.0.1:0}\n")) {
            station.awaitAllReporting();
            PageStation.await(() -> station.sensor("odd").state() == SensorState.PORT_FAULT,
                    () -> "odd has a port fault: " + station.sensor("odd"));
            String dom = dumpDom(station.pageUrl());
            Matcher odd = card(dom, "odd");
            assertEquals("port_fault", odd.group(2));
            assertTrue(odd.group(3).contains("<p class=\"where\">mhz19b on " + escaped(hostilePort) + "</p>"), odd.group(3));
            assertTrue(odd.group(3).contains("<p class=\"problem\">" + escaped(station.sensor("odd").fault()) + "</p>"),
                    odd.group(3));
            assertTrue(odd.group(3).contains("<p class=\"hint\">no such port: check the cable, the adapter, and the name in "
                    + "the config; ls /dev/serial/by-id</p>"), "the hint check gives for it: " + odd.group(3));
            assertFalse(dom.contains("<img"), "no element made from data: " + dom);
            assertTrue(dom.contains("<title>" + PageStation.GATEWAY_ID + " \u2013 envgate</title>"), "no script ran from data");

            assertTrue(dom.contains("<h1 id=\"gateway\">" + PageStation.GATEWAY_ID + "</h1>"), dom);
            assertTrue(dom.matches("(?s).*<p id=\"updated\" class=\"updated\">Last update \\d+ s ago</p>.*"), dom);
            assertTrue(dom.contains("<p id=\"banner\" class=\"banner\" hidden=\"\">"), "no banner while it answers: " + dom);
            assertTrue(dom.contains("<span id=\"uplink-state\" class=\"badge good\">Online</span>"), dom);

            Matcher pm = card(dom, "pm");
            assertEquals("good", pm.group(1));
            assertEquals("ok", pm.group(2));
            assertTrue(pm.group(3).contains("<span class=\"badge good\">OK</span>"), pm.group(3));
            for (String quantity : List.of("pm1_0", "pm2_5", "pm10")) {
                assertTrue(Pattern.compile("<div class=\"reading\" data-quantity=\"" + quantity + "\"><span class=\"quantity\">"
                        + quantity + "</span><span class=\"value\">\\d+ \u00b5g/m\u00b3</span><span class=\"age\">\\d+ s ago</span></div>")
                        .matcher(pm.group(3)).find(), quantity + " with its value, unit and age: " + pm.group(3));
            }
            Matcher co2 = card(dom, "co2");
            assertEquals("ok", co2.group(2));
            assertTrue(Pattern.compile("<span class=\"value\">\\d+ ppm</span>").matcher(co2.group(3)).find(), co2.group(3));

            station.pm.faults().set(Fault.SILENT, true);
            PageStation.await(() -> station.sensor("pm").state() == SensorState.NO_RESPONSE,
                    () -> "pm reported as not responding: " + station.sensor("pm"));
            Reading lastGood = station.gateway.checked().latest("pm").get(0);
            dom = dumpDom(station.pageUrl());

            pm = card(dom, "pm");
            assertEquals("fault", pm.group(1));
            assertEquals("no_response", pm.group(2));
            assertTrue(pm.group(3).contains("<span class=\"badge fault\">No response</span>"), pm.group(3));
            assertTrue(pm.group(3).contains("<p class=\"problem\">" + escaped(station.sensor("pm").fault()) + "</p>"),
                    "the fault in words: " + pm.group(3));
            assertTrue(pm.group(3).contains("<div class=\"values stale\">"), "the last values, marked stale: " + pm.group(3));
            assertTrue(pm.group(3).contains("<span class=\"value\">" + Display.value(lastGood.value()) + " \u00b5g/m\u00b3</span>"),
                    pm.group(3));
            assertEquals("ok", card(dom, "co2").group(2), "the other sensor is unaffected");
        }
    }

    @Test
    void showsASuspectAFailedAndACalibratedValueAsSuchInWords() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (apt-get install chromium)");
        try (PageStation station = PageStation.start(storage, PageStation.DUST, "status-page: {listen: 127.0.0.1:0}\n")) {
            station.checkedDust(System.currentTimeMillis());
            String values = card(dumpDom(station.pageUrl()), "dust").group(3);

            assertTrue(Pattern.compile("<div class=\"reading qc-waiting\" data-quantity=\"pm1_0\" data-qc=\"3\">"
                    + "<span class=\"quantity\">pm1_0</span><span class=\"value\">9 \u00b5g/m\u00b3</span>"
                    + "<span class=\"age\">\\d+ s ago</span><span class=\"qc badge waiting\">suspect: flat_line</span></div>")
                    .matcher(values).find(), "suspect, with the test's name: " + values);
            assertTrue(Pattern.compile("<div class=\"reading\" data-quantity=\"pm2_5\">"
                    + "<span class=\"quantity\">pm2_5</span><span class=\"value\">12.35 \u00b5g/m\u00b3</span>"
                    + "<span class=\"age\">\\d+ s ago</span><span class=\"calibration\">calibrated, raw 14 \u00b5g/m\u00b3</span></div>")
                    .matcher(values).find(), "calibrated, with the raw value: " + values);
            assertTrue(values.contains("<span class=\"value\">1200 \u00b5g/m\u00b3</span>"), values);
            assertTrue(Pattern.compile("<div class=\"reading qc-fault\" data-quantity=\"pm10\" data-qc=\"4\">.*?"
                    + "<span class=\"qc badge fault\">fail: gross_range</span>"
                    + "<span class=\"calibration\">calibrated, raw 990 \u00b5g/m\u00b3</span></div>")
                    .matcher(values).find(), "failed, with the test's name and the raw value: " + values);
            assertTrue(values.contains("<span class=\"qc badge waiting\">not evaluated: warm_up, calibration_age</span>"), values);
        }
    }

    @Test
    void showsTheRaisedAlertsFirstInTheirSeverityColour() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "Debian's chromium is not installed (apt-get install chromium)");
        try (PageStation station = PageStation.start(storage, "status-page: {listen: 127.0.0.1:0}\n" + PageStation.ALERTS)) {
            PageStation.await(() -> station.gateway.alerts().isRaised("co2-present"), () -> "co2-present raised");
            String dom = dumpDom(station.pageUrl());
            Matcher alerts = Pattern.compile("<main>\\s*<section id=\"alerts\">(.*?)</section>", Pattern.DOTALL).matcher(dom);
            assertTrue(alerts.find(), "the alerts first in the page, shown: " + dom);
            assertTrue(Pattern.compile("^<div class=\"alert critical\" data-rule=\"co2-present\">"
                    + "<h2>co2-present <span class=\"badge critical\">Critical</span></h2>"
                    + "<p class=\"value\">co2/co2 at \\d+ ppm \\(threshold 0 ppm\\)</p>"
                    + "<p class=\"since\">raised [^<]+, \\d+ s ago</p></div>$").matcher(alerts.group(1)).find(),
                    "the raised rule with its value, threshold and time, and nothing else: " + alerts.group(1));
        }
    }

    @Test
    void refreshesByItselfAndShowsABannerWhenTheGatewayStopsAnswering() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(Chromedriver.DRIVER),
                "Debian's chromium and chromium-driver are not installed");
        PageStation station = PageStation.start(storage, "status-page: {listen: 127.0.0.1:0}\n");
        try (station; Chromedriver browser = Chromedriver.start(CHROMIUM, Files.createTempDirectory(browserProfiles, "profile"),
                browserProfiles.resolve("chromedriver.log"))) {
            station.awaitAllReporting();
            // The page refreshes every second instead of every 5: each change below shows sooner.
            browser.quickenIntervals(5);
            browser.open(station.pageUrl());
            String pmState = "const card = document.querySelector('[data-sensor=\"pm\"]');"
                    + " return card === null ? 'none' : card.dataset.state;";
            awaitPage(browser, pmState, "ok");
            String verdict = "const v = document.getElementById('verdict'); return v.className + ' | ' + v.textContent;";
            awaitPage(browser, verdict, "verdict good | All good: 2 sensors reading, uplink online");

            station.co2.faults().set(Fault.SILENT, true);
            String co2State = "const card = document.querySelector('[data-sensor=\"co2\"]');"
                    + " return card === null ? 'none' : card.dataset.state;";
            awaitPage(browser, co2State, "no_response");
            assertTrue(browser.run(verdict).asText().startsWith("verdict fault | Sensor co2: no response"),
                    browser.run(verdict).asText());
            assertEquals("co2", browser.run("return document.querySelector('#sensors .card').dataset.sensor;").asText(),
                    "the sensor in fault comes first, before pm that the config lists first");
            station.co2.faults().set(Fault.SILENT, false);

            station.pm.faults().set(Fault.SILENT, true);
            awaitPage(browser, pmState, "no_response");
            assertTrue(browser.run("return document.getElementById('banner').hidden;").asBoolean(), "no banner yet");

            station.close();
            String banner = "const b = document.getElementById('banner'); return b.hidden ? '' : b.textContent;";
            long end = System.nanoTime() + PageStation.WAIT.toNanos();
            while (!browser.run(banner).asText().startsWith("The gateway is not answering since ")) {
                assertTrue(System.nanoTime() < end, "a banner once the gateway stopped: " + browser.run(banner));
                Thread.sleep(200);
            }
            assertTrue(browser.run(banner).asText().contains("What is shown below is greyed"), browser.run(banner).asText());
            assertEquals("no_response", browser.run(pmState).asText(), "the last figures stay below the banner");
            assertTrue(browser.run("return document.body.classList.contains('stale')"
                    + " && getComputedStyle(document.querySelector('#sensors .card')).filter.includes('grayscale');")
                    .asBoolean(), "every card greyed");
        }
    }

    @Test
    void onAPhoneTheVerdictAndTheFirstFaultedSensorWithItsHintAreOnTheFirstScreen() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(Chromedriver.DRIVER),
                "Debian's chromium and chromium-driver are not installed");
        try (PageStation station = PageStation.start(storage, "  - {id: odd, model: mhz19b, port: /dev/envgate-no-such-port}\n",
                "status-page: {listen: 127.0.0.1:0}\n");
             Chromedriver browser = Chromedriver.start(CHROMIUM, Files.createTempDirectory(browserProfiles, "profile"),
                     browserProfiles.resolve("chromedriver.log"))) {
            station.awaitAllReporting();
            PageStation.await(() -> station.sensor("odd").state() == SensorState.PORT_FAULT, () -> "odd: " + station.sensor("odd"));
            browser.emulatePhone(390, 844);
            browser.open(station.pageUrl());
            awaitPage(browser, "const card = document.querySelector('[data-sensor=\"odd\"]');"
                    + " return card === null ? 'none' : card.dataset.state;", "port_fault");
            assertEquals(390, browser.run("return window.innerWidth;").asInt(), "laid out at a phone's width");
            int screen = browser.run("return window.innerHeight;").asInt();
            JsonNode boxes = browser.run("const box = e => { const r = e.getBoundingClientRect();"
                    + " return {top: r.top, bottom: r.bottom, text: e.textContent}; };"
                    + " const fault = document.querySelector('#sensors .card.fault');"
                    + " return {verdict: box(document.getElementById('verdict')), sensor: box(fault),"
                    + " hint: box(fault.querySelector('.hint'))};");
            Files.createDirectories(SCREENSHOTS);
            Path shot = Files.write(SCREENSHOTS.resolve("status-page-phone-390x844.png"), browser.screenshot());
            String seen = boxes + " on a screen " + screen + " px high; see " + shot.toAbsolutePath();
            assertTrue(boxes.get("verdict").get("text").asText().toLowerCase(Locale.ROOT).contains("sensor odd: port fault"), seen);
            assertTrue(boxes.get("verdict").get("bottom").asDouble() <= screen, "the verdict above the fold: " + seen);
            assertTrue(boxes.get("sensor").get("text").asText().startsWith("odd"), "the faulted sensor's card first: " + seen);
            assertTrue(boxes.get("sensor").get("top").asDouble() < screen, "the faulted sensor starts on the first screen: " + seen);
            assertTrue(boxes.get("hint").get("bottom").asDouble() <= screen, "and its hint is on it: " + seen);
        }
    }

    /** Where a human looks at the page as a phone showed it. */
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Waits, without reloading, until {@code script} returns {@code expected}: the page's own refresh. */
    private static void awaitPage(Chromedriver browser, String script, String expected) throws Exception {
        long end = System.nanoTime() + PageStation.WAIT.toNanos();
        String seen;
        while (!(seen = browser.run(script).asText()).equals(expected)) {
            assertTrue(System.nanoTime() < end, "the page shows " + expected + ", not " + seen);
            Thread.sleep(200);
        }
    }

    private static Matcher card(String dom, String sensor) {
        Matcher m = Pattern.compile(CARD.formatted(sensor), Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "a card for " + sensor + ": " + dom);
        return m;
    }

    /** How the DOM dump writes a text: the HTML escapes of &lt;, &gt;, &amp; and the no-break space. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u00a0", "&nbsp;");
    }

    /** Loads {@code url} in headless Chromium, lets its script run for 5 s of virtual time, returns the DOM. */
    private String dumpDom(URI url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(browserProfiles, "profile");
        Path log = browserProfiles.resolve(profile.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", url.toString()));
        Process chromium = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] out = chromium.getInputStream().readAllBytes();
        if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s");
        }
        String dom = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, chromium.exitValue(), "chromium failed: " + Files.readString(log));
        return dom;
    }
}

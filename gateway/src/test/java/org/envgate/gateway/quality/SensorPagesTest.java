package org.envgate.gateway.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.envgate.drivers.DriverRegistry;
import org.envgate.drivers.SensorDriverProvider;
import org.envgate.wire.Quantity;
import org.junit.jupiter.api.Test;

/**
 * Each sensor's page in docs/sensors states the quality-control defaults its quantities get, as
 * {@link QcDefaults} has them: a section "Quality-control defaults" that names the models it is
 * for and holds one table row per quantity.
 */
class SensorPagesTest {

    private static final Path PAGES = Path.of("..", "docs", "sensors");
    private static final String HEADING = "## Quality-control defaults";

    @Test
    void everyModelsPageStatesTheDefaultsOfEachOfItsQuantities() throws IOException {
        DriverRegistry registry = DriverRegistry.load();
        List<String> problems = new ArrayList<>();
        for (String model : new TreeSet<>(registry.models())) {
            SensorDriverProvider provider = registry.find(model).orElseThrow();
            List<String> sections = sectionsNaming(model);
            if (sections.size() != 1) {
                problems.add(model + ": " + sections.size() + " pages have a \"" + HEADING + "\" section naming `" + model
                        + "`, not 1");
                continue;
            }
            for (Quantity quantity : new TreeSet<>(provider.quantities())) {
                String row = QcDefaults.of(quantity).tableRow(quantity);
                if (!sections.get(0).lines().anyMatch(row::equals)) {
                    problems.add(model + ": no row " + row);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aRowSaysOffForATestThatIsOff() {
        assertEquals("| `pm2_5` | 0, 30m, 2h | 50, 200 | 100 |", QcDefaults.of(Quantity.PM2_5).tableRow(Quantity.PM2_5));
        assertEquals("| `rainfall` | off | off | off |", QcDefaults.of(Quantity.RAINFALL).tableRow(Quantity.RAINFALL));
        assertEquals("| `ph` | 0, 6h, 1d | 0.5, 2 | 0.5 |", QcDefaults.of(Quantity.PH).tableRow(Quantity.PH));
        assertTrue(QcDefaults.of(Quantity.WATER_LEVEL).tableRow(Quantity.WATER_LEVEL).startsWith("| `water_level` | off |"));
    }

    /** The quality-control sections (to the next heading of their level) whose first paragraph names {@code model}. */
    private static List<String> sectionsNaming(String model) throws IOException {
        List<String> sections = new ArrayList<>();
        try (Stream<Path> pages = Files.list(PAGES)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String text = Files.readString(page);
                int start = text.indexOf("\n" + HEADING + "\n");
                if (start < 0) {
                    continue;
                }
                int end = text.indexOf("\n## ", start + 1);
                String section = text.substring(start + 1, end < 0 ? text.length() : end);
                String intro = section.lines().skip(1).dropWhile(String::isBlank).takeWhile(l -> !l.isBlank())
                        .reduce("", (a, b) -> a + " " + b);
                if (intro.contains("`" + model + "`")) {
                    sections.add(section);
                }
            }
        }
        return sections;
    }
}

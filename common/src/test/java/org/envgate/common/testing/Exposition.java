package org.envgate.common.testing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A scrape read back by a test: each sample by its series as written, name and labels. */
public final class Exposition {

    private Exposition() {
    }

    /** For a test that knows its label values hold no spaces. */
    public static Map<String, Double> samples(byte[] exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : new String(exposition, StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}

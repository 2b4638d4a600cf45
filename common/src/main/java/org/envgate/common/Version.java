package org.envgate.common;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/** The build's version, as Maven stamped it. */
public final class Version {

    private static final Properties BUILD = load();
    private static final String VERSION = BUILD.getProperty("version", "unknown");

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    /** When this build was made: no correct clock can be earlier. */
    public static Instant builtAt() {
        try {
            return Instant.parse(BUILD.getProperty("built", ""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no build information: version "unknown"
        }
        return p;
    }
}

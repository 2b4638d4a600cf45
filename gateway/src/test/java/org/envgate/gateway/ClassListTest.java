package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The class list the package ships (systemd/classes.list), from which the postinst makes the class
 * archive. A class it names that no longer exists (renamed, moved, a library upgraded) is left out
 * of the archive without an error, and the station loads it the slow way, into its metaspace: the
 * list goes stale silently unless this test says so.
 */
class ClassListTest {

    private static final Path LIST = Path.of("..", "systemd", "classes.list");
    private static final String REGENERATE = "regenerate it from a station's run: "
            + "ENVGATE_JAVA_OPTS=-XX:DumpLoadedClassList=$PWD/systemd/classes.list bench/station-memory.sh 1";

    /**
     * The classes the list names: one a line, and the caller class of each lambda's line. Proxy
     * classes ({@code $Proxy0}, JNA's) are made at run time, so there is no file of theirs to find.
     */
    private static List<String> classNames() throws IOException {
        return Files.readAllLines(LIST).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("@lambda-form-invoker"))
                .map(line -> line.startsWith("@lambda-proxy ") ? line.split(" ")[1] : line.split(" ")[0])
                .filter(name -> !name.substring(name.lastIndexOf('/') + 1).startsWith("$Proxy"))
                .distinct()
                .toList();
    }

    @Test
    void everyClassItNamesIsInTheGatewayOrTheJdk() throws IOException {
        ClassLoader loader = ClassLoader.getSystemClassLoader();
        List<String> missing = classNames().stream()
                .filter(name -> loader.getResource(name + ".class") == null)
                .toList();
        assertEquals(List.of(), missing, "classes in " + LIST + " that no longer exist; " + REGENERATE);
    }

    @Test
    void itHoldsWhatAStationLoads() throws IOException {
        List<String> names = classNames();
        assertTrue(names.size() > 2500, names.size() + " classes: not a station's run; " + REGENERATE);
        for (String name : List.of("org/envgate/gateway/Main", "org/envgate/gateway/uplink/Uplink",
                "org/envgate/gateway/buffer/ReadingBuffer", "org/eclipse/paho/client/mqttv3/internal/ClientComms",
                "org/sqlite/JDBC", "org/tinylog/Logger", "java/lang/Object")) {
            assertTrue(names.contains(name), name + " is missing; " + REGENERATE);
        }
    }
}

package org.envgate.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ConfigMapTest {

    @Test
    void readsTheTopMappingWithTheLineOfEachKey() throws Exception {
        ConfigMap root = ConfigMap.parse("a.yaml", "gateway:\n  id: gw-1\nmqtt:\n  url: tcp://b:1883\n");
        assertEquals(3, root.line("mqtt"));
        assertEquals("gw-1", root.requiredMap("gateway").requiredText("id"));
    }

    @Test
    void readsASpanOfNumbersAndASectionSwitchedOff() throws Exception {
        ConfigMap map = ConfigMap.parse("a.yaml", "span: [-1.5, 2e3]\ntest: off\nother: false\nnested: {x: 1}\n");
        assertEquals(java.util.List.of(-1.5, 2000.0), map.numbers("span", 2));
        assertEquals(true, map.isOff("test"));
        assertEquals(true, map.isOff("other"));
        assertEquals(false, map.isOff("nested"));
        assertEquals(false, map.isOff("absent"));
        assertEquals("a.yaml:1: span: must be a list of 3 numbers, e.g. [0, 250]",
                assertThrows(ConfigException.class, () -> map.numbers("span", 3)).getMessage());
        assertEquals("a.yaml:2: test: must be a list of 2 numbers, e.g. [0, 250]",
                assertThrows(ConfigException.class, () -> map.numbers("test", 2)).getMessage());
    }

    @Test
    void aQuotedStringEndingInsideAHexEscapeIsAConfigError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMap.parse("a.yaml", "mqtt:\n\"N)N\\u"));
        assertEquals("a.yaml: not valid YAML: an escape \\x, \\u or \\U in a double-quoted string lacks its hex digits",
                e.getMessage());
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMap.parse("a.yaml", "a: 1\nb: [\n"));
        assertEquals(3, e.line(), e.getMessage());
    }

    @Test
    void anAliasBombIsRefused() {
        String bomb = "a: &a [x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: &d [*c, *c, *c]\ne: [*d, *d, *d, *d]\n";
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMap.parse("a.yaml", bomb));
        assertEquals("a.yaml: not valid YAML: Number of aliases for non-scalar nodes exceeds the specified max=10",
                e.getMessage());
    }

    @Test
    void anEmptyFileIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigMap.parse("a.yaml", "# nothing\n"));
        assertEquals("a.yaml:1: the file is empty", e.getMessage());
    }
}

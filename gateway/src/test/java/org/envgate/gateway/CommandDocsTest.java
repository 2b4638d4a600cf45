package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.envgate.common.testing.BashCompletion;
import org.junit.jupiter.api.Test;

/**
 * The manual page and the bash completion the package ships say what the command does: every
 * verb and every option of each verb's usage is in both, and the completion, run by bash, offers
 * them.
 */
class CommandDocsTest {

    private static final Path MAN_PAGE = Path.of("..", "systemd", "man", "envgate.1");
    private static final Path COMPLETION = Path.of("..", "systemd", "completion", "envgate");

    @Test
    void theManPageNamesEveryVerbAndOption() throws IOException {
        String man = Files.readString(MAN_PAGE).replace("\\-", "-");
        for (Map.Entry<String, String> verb : Main.VERB_USAGE.entrySet()) {
            assertTrue(man.contains(".B envgate " + verb.getKey()), "man page lacks verb " + verb.getKey());
            for (String option : BashCompletion.options(verb.getValue())) {
                assertTrue(man.contains(option), "man page lacks " + verb.getKey() + " " + option);
            }
        }
    }

    @Test
    void bashCompletesEveryVerbAndEachVerbsOptions() throws Exception {
        assertEquals(new TreeSet<>(Main.VERB_USAGE.keySet()),
                new TreeSet<>(complete("envgate", "").stream().filter(w -> !w.startsWith("-")).toList()));
        for (Map.Entry<String, String> verb : Main.VERB_USAGE.entrySet()) {
            List<String> offered = complete("envgate", verb.getKey(), "--");
            for (String option : BashCompletion.options(verb.getValue())) {
                assertTrue(offered.contains(option), verb.getKey() + ": " + option + " not offered: " + offered);
            }
        }
        assertEquals(List.of("json"), complete("envgate", "run", "--log-format", "j"));
    }

    /** What the shipped completion offers for a command line whose last word is being typed. */
    private static List<String> complete(String... words) throws Exception {
        return BashCompletion.complete(COMPLETION, "_envgate", words);
    }
}

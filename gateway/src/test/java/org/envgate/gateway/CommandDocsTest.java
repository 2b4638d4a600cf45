package org.envgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manual page and the bash completion the package ships say what the command does: every
 * verb and every option of each verb's usage is in both, and the completion, run by bash, offers
 * them.
 */
class CommandDocsTest {

    private static final Path MAN_PAGE = Path.of("..", "systemd", "man", "envgate.1");
    private static final Path COMPLETION = Path.of("..", "systemd", "completion", "envgate");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    @Test
    void theManPageNamesEveryVerbAndOption() throws IOException {
        String man = Files.readString(MAN_PAGE).replace("\\-", "-");
        for (Map.Entry<String, String> verb : Main.VERB_USAGE.entrySet()) {
            assertTrue(man.contains(".B envgate " + verb.getKey()), "man page lacks verb " + verb.getKey());
            for (String option : options(verb.getValue())) {
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
            for (String option : options(verb.getValue())) {
                assertTrue(offered.contains(option), verb.getKey() + ": " + option + " not offered: " + offered);
            }
        }
        assertEquals(List.of("json"), complete("envgate", "run", "--log-format", "j"));
    }

    private static TreeSet<String> options(String usage) {
        TreeSet<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(usage);
        while (m.find()) {
            options.add(m.group());
        }
        return options;
    }

    /** What the shipped completion offers for a command line whose last word is being typed. */
    private static List<String> complete(String... words) throws Exception {
        String script = "source " + COMPLETION + "; COMP_WORDS=(" + String.join(" ", quoted(words)) + "); COMP_CWORD="
                + (words.length - 1) + "; _envgate; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(bash.getInputStream().readAllBytes());
        assertTrue(bash.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, bash.exitValue(), out);
        return out.lines().filter(line -> !line.isEmpty()).toList();
    }

    private static List<String> quoted(String... words) {
        List<String> quoted = new ArrayList<>();
        for (String word : words) {
            quoted.add("'" + word + "'");
        }
        return quoted;
    }
}

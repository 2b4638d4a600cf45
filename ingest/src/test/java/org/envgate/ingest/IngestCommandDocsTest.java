package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manual page and the bash completion the package ships name exactly the verb and the
 * options envgate-ingest's usage gives, and the completion, run by bash, offers them.
 */
class IngestCommandDocsTest {

    private static final Path MAN_PAGE = Path.of("..", "systemd", "ingest", "man", "envgate-ingest.1");
    private static final Path COMPLETION = Path.of("..", "systemd", "ingest", "completion", "envgate-ingest");
    private static final Pattern OPTION = Pattern.compile("--[a-z][a-z-]*");

    @Test
    void theManPagesSynopsisAndOptionsNameExactlyTheUsagesOptions() throws IOException {
        String man = Files.readString(MAN_PAGE).replace("\\-", "-");
        String synopsisToOptions = man.substring(man.indexOf(".SH SYNOPSIS"), man.indexOf(".SH FILES"));
        TreeSet<String> accepted = options(Main.USAGE_TEXT);
        accepted.addAll(options(Main.CHECK_USAGE));
        assertEquals(accepted, options(synopsisToOptions));
        assertTrue(man.contains(".B envgate-ingest check"), "man page lacks the verb check");
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "FILES", "EXIT STATUS", "EXAMPLES")) {
            assertTrue(man.contains(".SH " + section + "\n"), "man page lacks " + section);
        }
    }

    @Test
    void bashCompletesExactlyTheVerbAndOptionsOfEachUsage() throws Exception {
        TreeSet<String> first = options(Main.USAGE_TEXT);
        first.add("check");
        assertEquals(first, new TreeSet<>(complete("envgate-ingest", "")));
        assertEquals(options(Main.CHECK_USAGE), new TreeSet<>(complete("envgate-ingest", "check", "")));
        assertEquals(List.of("check"), complete("envgate-ingest", "ch"));
        assertEquals(List.of(), complete("envgate-ingest", "--questdb-schema", ""));
    }

    private static TreeSet<String> options(String text) {
        TreeSet<String> options = new TreeSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            options.add(m.group());
        }
        return options;
    }

    /** What the shipped completion offers for a command line whose last word is being typed. */
    private static List<String> complete(String... words) throws Exception {
        String script = "source " + COMPLETION + "; COMP_WORDS=(" + String.join(" ", quoted(words)) + "); COMP_CWORD="
                + (words.length - 1) + "; _envgate_ingest; printf '%s\\n' \"${COMPREPLY[@]}\"";
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

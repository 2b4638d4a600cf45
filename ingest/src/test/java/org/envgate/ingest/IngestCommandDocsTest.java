package org.envgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.envgate.common.testing.BashCompletion;
import org.junit.jupiter.api.Test;

/**
 * The manual page and the bash completion the package ships name exactly the verb and the
 * options envgate-ingest's usage gives, and the completion, run by bash, offers them.
 */
class IngestCommandDocsTest {

    private static final Path MAN_PAGE = Path.of("..", "systemd", "ingest", "man", "envgate-ingest.1");
    private static final Path COMPLETION = Path.of("..", "systemd", "ingest", "completion", "envgate-ingest");

    @Test
    void theManPagesSynopsisAndOptionsNameExactlyTheUsagesOptions() throws IOException {
        String man = Files.readString(MAN_PAGE).replace("\\-", "-");
        String synopsisToOptions = man.substring(man.indexOf(".SH SYNOPSIS"), man.indexOf(".SH FILES"));
        TreeSet<String> accepted = BashCompletion.options(Main.USAGE_TEXT);
        accepted.addAll(BashCompletion.options(Main.CHECK_USAGE));
        assertEquals(accepted, BashCompletion.options(synopsisToOptions));
        assertTrue(man.contains(".B envgate-ingest check"), "man page lacks the verb check");
        for (String section : List.of("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "FILES", "EXIT STATUS", "EXAMPLES")) {
            assertTrue(man.contains(".SH " + section + "\n"), "man page lacks " + section);
        }
    }

    @Test
    void bashCompletesExactlyTheVerbAndOptionsOfEachUsage() throws Exception {
        TreeSet<String> first = BashCompletion.options(Main.USAGE_TEXT);
        first.add("check");
        assertEquals(first, new TreeSet<>(complete("envgate-ingest", "")));
        assertEquals(BashCompletion.options(Main.CHECK_USAGE), new TreeSet<>(complete("envgate-ingest", "check", "")));
        assertEquals(List.of("check"), complete("envgate-ingest", "ch"));
        assertEquals(List.of(), complete("envgate-ingest", "--questdb-schema", ""));
    }

    private static List<String> complete(String... words) throws Exception {
        return BashCompletion.complete(COMPLETION, "_envgate_ingest", words);
    }
}

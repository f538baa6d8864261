package io.strata.itests.process;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Any command run through the remote shell delivers its whole output, here Karaf's own
 * {@code shell:cat}. Without strata-ssh about every second run lost the last 32 KB packets. Tables
 * come without layout for scripts when asked with {@code --no-format}.
 */
public class RemoteShellOutputIT {

    /** Several runs: one run without the fix comes back whole about half of the time. */
    private static final int RUNS = 5;

    private static KarafNode node;

    @BeforeClass
    public static void startNode() throws Exception {
        node = KarafNode.create("remote-shell-output");
        node.start();
    }

    @AfterClass
    public static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    public void shellCatOfA300KilobyteFileArrivesWholeEveryTime() throws Exception {
        String text = "y".repeat(300 * 1024 - 1) + "!";
        Path file = node.home().resolve("data/large.txt");
        Files.writeString(file, text);

        for (int run = 1; run <= RUNS; run++) {
            String output = node.executeWithBinClient("shell:cat " + file).strip();
            // Lengths, not texts: a failure message with 300 KB of text helps nobody.
            assertEquals("characters received in run " + run + " of " + RUNS, text.length(), output.length());
            assertEquals("run " + run + " of " + RUNS + " differs", text, output);
        }
    }

    @Test
    public void anEdgeTableAskedWithNoFormatComesAsTabSeparatedRowsOnly() throws Exception {
        String formatted = node.executeWithBinClient("edge:certs");
        assertTrue(formatted, formatted.contains("SHA-256 thumbprint") && formatted.contains(" | "));

        String rows = node.executeWithBinClient("edge:certs --no-format");
        assertFalse(rows, rows.contains("SHA-256 thumbprint") || rows.contains(" | "));
        assertTrue(rows, rows.lines().anyMatch(line -> line.startsWith("ROOT_CA") && line.contains("\t")));
    }
}

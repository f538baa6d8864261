package io.strata.agent.internal.methods;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class KarafLogFileTest {

    // As the shipped etc/org.ops4j.pax.logging.cfg writes them, with Karaf's start-up lines before.
    private static final String LOG = """
            Dec 07, 2026 5:50:15 AM org.apache.karaf.main.Main launch
            INFO: Installing and starting initial bundles
            2026-12-07T06:50:54,893 | INFO  | features-3-thread-1 | AgentComponent                   | 39 - io.strata.agent - 0.1.0.202612062058 | Edge agent started for device child
            2026-12-07T06:50:55,001 | WARN  | BundleWatcher: 1 | TempSensor                       | 77 - io.strata.sample.tempsensor - 0.1.0 | Sensor slow | 120 ms
            2026-12-07T06:50:56,120 | ERROR | strata-agent     | Supervisor                       | 39 - io.strata.agent - 0.1.0.202612062058 | Module sensor failed
            java.lang.IllegalStateException: boom
            \tat io.strata.Sample.run(Sample.java:1)
            2026-12-07T06:50:57,000 | INFO  | pipe-log:display | LogServiceImpl                   |  -  -  | no bundle here
            2026-12-07T06:50:58,500 | DEBUG | module-handler-1 | org.example.VeryLongLoggerNameThatIsNotPadded | 77 - io.strata.sample.tempsensor - 0.1.0 | tick
            """;

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private List<LogLine> read(String... bundles) throws IOException {
        Path file = folder.getRoot().toPath().resolve("karaf.log");
        Files.writeString(file, LOG);
        return new KarafLogFile(file, ZoneId.of("+01:00")).read(Set.of(bundles));
    }

    @Test
    public void readsTheEntriesOfTheGivenBundlesOnly() throws IOException {
        List<LogLine> lines = read("io.strata.sample.tempsensor");
        assertThat(lines.stream().map(LogLine::text).toList(), contains("Sensor slow | 120 ms", "tick"));
        LogLine first = lines.get(0);
        assertThat(first.timestamp(), is(Instant.parse("2026-12-07T05:50:55.001Z")));
        assertThat(first.level(), is("WARN"));
        assertThat(first.syslogLevel(), is(4));
        assertThat(first.bundle(), is("io.strata.sample.tempsensor"));
        assertThat(first.logger(), is("TempSensor"));
        assertThat(lines.get(1).logger(), is("org.example.VeryLongLoggerNameThatIsNotPadded"));
        assertThat(lines.get(1).line(), is(LOG.lines().toList().get(8)));
    }

    @Test
    public void aStackTraceBelongsToTheEntryBeforeIt() throws IOException {
        List<LogLine> lines = read("io.strata.agent");
        assertThat(lines.size(), is(2));
        assertThat(lines.get(1).text(), is("Module sensor failed\njava.lang.IllegalStateException: boom\n"
                + "\tat io.strata.Sample.run(Sample.java:1)"));
        assertThat(lines.get(1).line().lines().count(), is(3L));
    }

    @Test
    public void aMissingFileHasNoEntries() throws IOException {
        assertThat(new KarafLogFile(folder.getRoot().toPath().resolve("none.log"), ZoneId.of("UTC"))
                .read(Set.of("io.strata.agent")), is(List.of()));
    }

    @Test
    public void rolledOverFilesAreReadByAgeAsFarAsTheReaderNeedsThem() throws IOException {
        Path folder = this.folder.getRoot().toPath();
        String line = "2026-12-07T0%d:00:00,000 | INFO  | main | Logger | 39 - io.strata.agent - 0.1.0 | %s%n";
        // log4j2's default index order: the higher index is the newer file
        Path oldest = Files.writeString(folder.resolve("karaf.log.1"), String.format(line, 1, "one"));
        Path older = Files.writeString(folder.resolve("karaf.log.2"), String.format(line, 2, "two"));
        Path current = Files.writeString(folder.resolve("karaf.log"), String.format(line, 3, "three")
                + String.format(line, 4, "four"));
        Files.setLastModifiedTime(oldest, java.nio.file.attribute.FileTime.from(Instant.parse("2026-12-07T01:00:00Z")));
        Files.setLastModifiedTime(older, java.nio.file.attribute.FileTime.from(Instant.parse("2026-12-07T02:00:00Z")));
        Files.writeString(folder.resolve("karaf.log.bak"), String.format(line, 0, "not a rolled-over log"));
        KarafLogFile log = new KarafLogFile(current, ZoneId.of("UTC"));

        assertThat(log.read(Set.of("io.strata.agent")).stream().map(LogLine::text).toList(),
                contains("one", "two", "three", "four"));
        assertThat(log.read(Set.of("io.strata.agent"), (read, from) -> read.size() >= 3).stream()
                .map(LogLine::text).toList(), contains("two", "three", "four"));
        LogFilter sinceTwo = new LogFilter(null, Instant.parse("2026-12-07T02:00:00Z"), null, null, null);
        List<LogLine> sinceTwoRead = log.read(Set.of("io.strata.agent"), sinceTwo::complete);
        assertThat(sinceTwoRead.stream().map(LogLine::text).toList(), contains("two", "three", "four"));
        assertThat(sinceTwo.select(sinceTwoRead).size(), is(3));
        LogFilter lastTwo = new LogFilter(2, null, null, null, null);
        assertThat(log.read(Set.of("io.strata.agent"), lastTwo::complete).size(), is(2));
    }
}

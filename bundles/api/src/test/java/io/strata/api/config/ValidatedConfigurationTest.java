package io.strata.api.config;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class ValidatedConfigurationTest {

    enum Policy { REFUSE_NEW, DROP_OLDEST }

    @interface Sample {
        @Range(min = 1, max = 65535)
        int port() default 8883;

        @Range(min = 1)
        long maxBytes() default 1024;

        @Range(min = 0, max = 1)
        double share() default 0.8;

        boolean enabled() default false;

        Policy policy() default Policy.REFUSE_NEW;

        String name() default "edge";

        String[] names() default {};

        @Range(min = 1)
        int _secretPort() default 1;

        String max__age() default "";
    }

    private static final String PID = "io.strata.sample";

    @Test
    public void aLowLineInAnElementNameReadsAKeyWithAFullStopAsDeclarativeServicesMapsIt() {
        Sample sample = ValidatedConfiguration.read(Sample.class, PID,
                Map.of(".secretPort", "7", "max_age", "5m", "_secretPort", "8"));
        assertEquals(7, sample._secretPort());
        assertEquals("5m", sample.max__age());
        InvalidConfigurationException refused = assertThrows(InvalidConfigurationException.class,
                () -> ValidatedConfiguration.read(Sample.class, PID, Map.of(".secretPort", "0")));
        assertTrue(refused.getMessage(), refused.getMessage().contains(".secretPort = 0"));
    }

    @Test
    public void twoReadsAreEqualExactlyWhenTheirValuesAre() {
        Sample read = ValidatedConfiguration.read(Sample.class, PID, Map.of("port", "1883", "names", "a"));
        Sample same = ValidatedConfiguration.read(Sample.class, PID,
                Map.of("port", 1883, "names", new String[] {"a"}, "other.component.key", "x"));
        assertEquals(read, same);
        assertEquals(read.hashCode(), same.hashCode());
        assertNotEquals(read, ValidatedConfiguration.read(Sample.class, PID, Map.of("port", "1884", "names", "a")));
        assertNotEquals(read, ValidatedConfiguration.read(Sample.class, PID, Map.of("port", "1883", "names", "b")));
    }

    @Test
    public void missingAndBlankKeysTakeTheirDefaults() {
        Sample sample = ValidatedConfiguration.read(Sample.class, PID, Map.of("maxBytes", " ", "enabled", ""));
        assertEquals(8883, sample.port());
        assertEquals(1024, sample.maxBytes());
        assertEquals(0.8, sample.share(), 0);
        assertFalse(sample.enabled());
        assertEquals(Policy.REFUSE_NEW, sample.policy());
        assertEquals("edge", sample.name());
        assertArrayEquals(new String[0], sample.names());
    }

    @Test
    public void readsTextAsFileInstallGivesItAndTypedValuesAsConfigAdminKeepsThem() {
        Sample fromFile = ValidatedConfiguration.read(Sample.class, PID, Map.of("port", " 1883 ", "maxBytes",
                "5000000000", "share", "0.5", "enabled", "TRUE", "policy", "DROP_OLDEST", "names", "a"));
        assertEquals(1883, fromFile.port());
        assertEquals(5_000_000_000L, fromFile.maxBytes());
        assertEquals(0.5, fromFile.share(), 0);
        assertTrue(fromFile.enabled());
        assertEquals(Policy.DROP_OLDEST, fromFile.policy());
        assertArrayEquals(new String[] {"a"}, fromFile.names());

        Sample typed = ValidatedConfiguration.read(Sample.class, PID,
                Map.of("port", 1883L, "enabled", true, "names", List.of("a", "b")));
        assertEquals(1883, typed.port());
        assertTrue(typed.enabled());
        assertArrayEquals(new String[] {"a", "b"}, typed.names());
    }

    @Test
    public void refusesEveryBadKeyAtOnceNamingFileKeyAndValue() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ValidatedConfiguration.read(Sample.class, PID, Map.of(
                        ValidatedConfiguration.FILE_PROPERTY, "file:/opt/strata/etc/io.strata.sample.cfg",
                        "port", "abc", "maxBytes", "-5", "policy", "DROP_NEWEST")));
        assertEquals("/opt/strata/etc/io.strata.sample.cfg", e.source());
        assertEquals(List.of("port = abc: not a number", "maxBytes = -5: less than 1",
                "policy = DROP_NEWEST: not one of [REFUSE_NEW, DROP_OLDEST]").stream().sorted().toList(),
                e.problems().stream().sorted().toList());
        assertTrue(e.getMessage(), e.getMessage().startsWith("/opt/strata/etc/io.strata.sample.cfg: "));
    }

    @Test
    public void refusesOutOfRangeFractionalAndNonBooleanValues() {
        assertProblem("port = 70000: more than 65535", Map.of("port", "70000"));
        assertProblem("port = 0: less than 1", Map.of("port", 0));
        assertProblem("port = 88.5: not a whole number in the range of int", Map.of("port", "88.5"));
        assertProblem("share = 1.5: more than 1", Map.of("share", "1.5"));
        assertProblem("enabled = yes: not true or false", Map.of("enabled", "yes"));
        assertProblem("maxBytes = 1e400000000000: not a number", Map.of("maxBytes", "1e400000000000"));
    }

    @Test
    public void readOrDefaultsReportsTheProblemsAndKeepsTheGoodKeys() {
        List<InvalidConfigurationException> refused = new ArrayList<>();
        Sample sample = ValidatedConfiguration.readOrDefaults(Sample.class, PID,
                Map.of("port", "abc", "maxBytes", "77"), refused::add);
        assertEquals(8883, sample.port());
        assertEquals(77, sample.maxBytes());
        assertEquals(1, refused.size());
        assertEquals(List.of("port = abc: not a number"), refused.get(0).problems());
    }

    @Test
    public void readChangeRefusesABadFileWholeAndTakesAGoodOne() {
        Logger log = LoggerFactory.getLogger(ValidatedConfigurationTest.class);
        assertTrue(ValidatedConfiguration.readChange(Sample.class, PID, Map.of("port", "abc", "maxBytes", "77"), log,
                "The sample").isEmpty());
        assertEquals(77, ValidatedConfiguration.readChange(Sample.class, PID, Map.of("maxBytes", "77"), log,
                "The sample").orElseThrow().maxBytes());
    }

    @Test
    public void namesTheFileOfItsOwnPidNotAnotherOneMergedIntoTheProperties() {
        String nodeFile = "file:/opt/strata/etc/io.strata.node.cfg";
        String previous = System.getProperty("karaf.etc");
        try {
            System.clearProperty("karaf.etc");
            assertEquals("configuration " + PID,
                    ValidatedConfiguration.source(PID, Map.of(ValidatedConfiguration.FILE_PROPERTY, nodeFile)));
            System.setProperty("karaf.etc", "/opt/strata/etc");
            assertEquals("/opt/strata/etc/io.strata.sample.cfg",
                    ValidatedConfiguration.source(PID, Map.of(ValidatedConfiguration.FILE_PROPERTY, nodeFile)));
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.etc");
            } else {
                System.setProperty("karaf.etc", previous);
            }
        }
    }

    private static void assertProblem(String problem, Map<String, ?> properties) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> ValidatedConfiguration.read(Sample.class, PID, properties));
        assertEquals(List.of(problem), e.problems());
    }
}

package io.strata.twin.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.IdentityId;
import io.strata.api.twin.DesiredChange;
import io.strata.api.twin.Twin;
import io.strata.api.twin.TwinListener;
import io.strata.api.twin.TwinService;
import io.strata.testing.RecordingOperationCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PersistentTwinServiceTest {

    private static final IdentityId SENSOR = IdentityId.device("sensor-1");
    private static final IdentityId MODULE = IdentityId.module("line-1", "filter");

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Path storeDirectory;
    private PersistentTwinService twins;

    @Before
    public void createService() {
        storeDirectory = folder.getRoot().toPath().resolve("data/strata/twin");
        twins = reopen();
    }

    @Test
    public void anUnwrittenTwinIsEmptyAtVersionZero() {
        assertThat(twins.get(SENSOR), is(new Twin(SENSOR, "{}", 0, "{}", 0)));
        assertThat(twins.document(SENSOR, false), is("{\"desired\":{\"$version\":0},\"reported\":{\"$version\":0}}"));
    }

    @Test
    public void clientTwinReadsAndReportedUpdatesAreCountedRefusedPatchesAreNot() {
        RecordingOperationCounters counters = new RecordingOperationCounters();
        twins.counters = counters;

        twins.document(SENSOR, false);
        twins.patchReported(MODULE, "{\"interval\":60}");
        twins.patchDesired(SENSOR, "{\"interval\":60}");
        assertThrows(IllegalArgumentException.class, () -> twins.patchReported(MODULE, "[1]"));

        assertThat(counters.operations, contains("twinRead sensor-1", "reportedPropertiesUpdated line-1/filter"));
    }

    @Test
    public void versionsEachSectionOnItsOwn() {
        assertThat(twins.patchDesired(SENSOR, "{\"interval\":30}"), is(1L));
        assertThat(twins.patchDesired(SENSOR, "{\"interval\":60}"), is(2L));
        assertThat(twins.patchReported(SENSOR, "{\"interval\":60}"), is(1L));

        assertThat(twins.get(SENSOR), is(new Twin(SENSOR, "{\"interval\":60}", 2, "{\"interval\":60}", 1)));
        assertThat(twins.get(MODULE), is(new Twin(MODULE, "{}", 0, "{}", 0)));
    }

    @Test
    public void answersTwinGetAsIotHubDoes() {
        twins.patchDesired(MODULE, "{\"threshold\":{\"max\":80}}");
        twins.patchDesired(MODULE, "{\"mode\":\"fast\"}");
        twins.patchReported(MODULE, "{\"started\":true}");

        assertThat(twins.document(MODULE, false), is("{\"desired\":{\"threshold\":{\"max\":80},\"mode\":\"fast\","
                + "\"$version\":2},\"reported\":{\"started\":true,\"$version\":1}}"));
        assertThat(TwinJson.parse(twins.document(MODULE, true)), is(TwinJson.parse(twins.document(MODULE, false))));
    }

    @Test
    public void acceptsASectionOfExactlyTheLimit() {
        assertThat(twins.patchReported(SENSOR, sizedPatch(TwinService.MAX_SECTION_BYTES)), is(1L));

        assertThat(twins.get(SENSOR).reported().length(), is(TwinService.MAX_SECTION_BYTES));
    }

    @Test
    public void refusesAPatchOneByteOverTheLimitAndChangesNothing() throws Exception {
        twins.patchDesired(SENSOR, "{\"a\":\"b\"}");
        Twin before = twins.get(SENSOR);
        String stored = Files.readString(fileOf(SENSOR));

        String message = assertThrows(IllegalArgumentException.class,
                () -> twins.patchDesired(SENSOR, sizedPatch(TwinService.MAX_SECTION_BYTES + 1))).getMessage();

        assertThat(message, containsString("over the limit of 32768 bytes (32 KB)"));
        assertThat(twins.get(SENSOR), is(before));
        assertThat(reopen().get(SENSOR), is(before));
        assertThat(Files.readString(fileOf(SENSOR)), is(stored));
    }

    @Test
    public void refusesBadPatchesAndChangesNothing() {
        twins.patchDesired(SENSOR, "{\"a\":1}");
        Twin before = twins.get(SENSOR);

        assertThrows(IllegalArgumentException.class, () -> twins.patchDesired(SENSOR, "{\"a\":"));
        assertThrows(IllegalArgumentException.class, () -> twins.patchDesired(SENSOR, "[1]"));
        assertThrows(IllegalArgumentException.class, () -> twins.patchDesired(SENSOR, "{\"$version\":7}"));
        assertThrows(IllegalArgumentException.class, () -> twins.patchReported(SENSOR, "{\"$foo\":1}"));

        assertThat(twins.get(SENSOR), is(before));
    }

    @Test
    public void keepsTwinsAcrossRestarts() {
        twins.patchDesired(SENSOR, "{\"interval\":30,\"limits\":{\"max\":80}}");
        twins.patchDesired(SENSOR, "{\"limits\":{\"min\":5}}");
        twins.patchReported(MODULE, "{\"tags\":[\"a\",\"b\"],\"name\":\"Grüße\"}");
        Twin sensor = twins.get(SENSOR);
        Twin module = twins.get(MODULE);

        PersistentTwinService restarted = reopen();

        assertThat(restarted.get(SENSOR), is(sensor));
        assertThat(restarted.get(MODULE), is(module));
        assertThat(restarted.patchDesired(SENSOR, "{\"interval\":null}"), is(3L));
    }

    @Test
    public void storesEachTwinInAFileOnlyTheOwnerCanRead() throws Exception {
        IdentityId dots = IdentityId.module("..", "..");
        twins.patchDesired(MODULE, "{\"a\":1}");
        twins.patchDesired(dots, "{\"b\":2}");

        assertThat(fileOf(MODULE).getFileName().toString(), is("line-1%2Ffilter.json"));
        assertThat(fileOf(dots).getParent(), is(storeDirectory.toAbsolutePath()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fileOf(MODULE))), is("rw-------"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDirectory)), is("rwx------"));
        try (var files = Files.list(storeDirectory)) {
            assertThat(files.count(), is(2L));
        }
    }

    @Test
    public void reportsADamagedStoreRatherThanForgettingTheTwin() throws Exception {
        twins.patchDesired(SENSOR, "{\"a\":1}");
        Files.writeString(fileOf(SENSOR), "{\"desired\":{}}");

        String message = assertThrows(IllegalStateException.class, () -> reopen().get(SENSOR)).getMessage();

        assertThat(message, containsString("is damaged: there is no 'desired' object with a $version"));
    }

    @Test
    public void tellsListenersTheDesiredPatchAndNotification() {
        List<DesiredChange> changes = new ArrayList<>();
        twins.listeners.add(changes::add);

        twins.patchDesired(MODULE, " { \"limits\" : { \"max\" : null } } ");
        twins.patchDesired(MODULE, "{\"mode\":\"fast\"}");
        twins.patchReported(MODULE, "{\"mode\":\"fast\"}");

        assertThat(changes, contains(
                new DesiredChange(MODULE, "{\"limits\":{\"max\":null}}", 1, "{\"limits\":{\"max\":null},\"$version\":1}"),
                new DesiredChange(MODULE, "{\"mode\":\"fast\"}", 2, "{\"mode\":\"fast\",\"$version\":2}")));
    }

    @Test
    public void aFailingListenerDoesNotKeepTheChangeFromOthers() {
        List<Long> versions = new ArrayList<>();
        twins.listeners.add(change -> {
            throw new IllegalStateException("broken listener");
        });
        twins.listeners.add(change -> versions.add(change.version()));

        assertThat(twins.patchDesired(SENSOR, "{\"a\":1}"), is(1L));

        assertThat(versions, contains(1L));
        assertThat(twins.get(SENSOR).desired(), is("{\"a\":1}"));
    }

    @Test
    public void appliesConcurrentPatchesOneAfterTheOther() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<Long>> desired = new ArrayList<>();
        List<Future<Long>> reported = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String patch = "{\"p" + i + "\":" + i + "}";
            desired.add(threads.submit(() -> twins.patchDesired(SENSOR, patch)));
            reported.add(threads.submit(() -> twins.patchReported(SENSOR, patch)));
        }
        threads.shutdown();

        Set<Long> everyVersion = LongStream.rangeClosed(1, 40).boxed().collect(Collectors.toSet());
        assertThat(versionsOf(desired), is(everyVersion));
        assertThat(versionsOf(reported), is(everyVersion));
        Twin twin = reopen().get(SENSOR);
        assertThat(TwinJson.parse(twin.desired()).size(), is(40));
        assertThat(TwinJson.parse(twin.reported()), is(TwinJson.parse(twin.desired())));
    }

    @Test
    public void syncDesiredReplacesTheSectionAndTellsListenersTheDiffAsAPatch() {
        twins.patchDesired(MODULE, "{\"limits\":{\"max\":80,\"min\":5},\"mode\":\"slow\"}");
        List<DesiredChange> changes = new ArrayList<>();
        twins.listeners.add(changes::add);

        assertThat(twins.syncDesired(MODULE, "{\"limits\":{\"max\":90,\"min\":5},\"tags\":[1]}", 7), is(true));
        assertThat(twins.syncDesired(MODULE, "{\"ignored\":true}", 7), is(false));

        assertThat(twins.get(MODULE).desired(), is("{\"limits\":{\"max\":90,\"min\":5},\"tags\":[1]}"));
        assertThat(twins.get(MODULE).desiredVersion(), is(7L));
        assertThat(changes, contains(new DesiredChange(MODULE, "{\"mode\":null,\"limits\":{\"max\":90},\"tags\":[1]}", 7,
                "{\"mode\":null,\"limits\":{\"max\":90},\"tags\":[1],\"$version\":7}")));
        assertThat(reopen().get(MODULE), is(twins.get(MODULE)));
    }

    @Test
    public void syncDesiredTakesAnOlderVersionOfTheParentToo() {
        twins.patchDesired(SENSOR, "{\"a\":1}");
        twins.patchDesired(SENSOR, "{\"a\":2}");

        assertThat(twins.syncDesired(SENSOR, "{\"a\":1}", 1), is(true));

        assertThat(twins.get(SENSOR), is(new Twin(SENSOR, "{\"a\":1}", 1, "{}", 0)));
    }

    @Test
    public void syncRefusesBadSectionsAndChangesNothing() {
        twins.patchDesired(SENSOR, "{\"a\":1}");
        Twin before = twins.get(SENSOR);

        assertThrows(IllegalArgumentException.class, () -> twins.syncDesired(SENSOR, "[1]", 5));
        assertThrows(IllegalArgumentException.class, () -> twins.syncDesired(SENSOR, "{\"a\":2}", -1));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> twins.syncReported(SENSOR, sizedPatch(TwinService.MAX_SECTION_BYTES + 1), 5)).getMessage(),
                containsString("over the limit of 32768 bytes"));

        assertThat(twins.get(SENSOR), is(before));
    }

    @Test
    public void tellsListenersOfEveryReportedChangeButNotOfTheDesiredOnes() {
        List<String> reported = new ArrayList<>();
        List<DesiredChange> desired = new ArrayList<>();
        twins.listeners.add(new TwinListener() {
            @Override
            public void desiredChanged(DesiredChange change) {
                desired.add(change);
            }

            @Override
            public void reportedChanged(IdentityId identity, long version) {
                reported.add(identity + "@" + version);
            }
        });

        twins.patchReported(MODULE, "{\"a\":1}");
        assertThat(twins.syncReported(SENSOR, "{\"clients\":{}}", 12), is(true));
        assertThat(twins.syncReported(SENSOR, "{\"clients\":{}}", 12), is(false));

        assertThat(reported, contains(MODULE + "@1", SENSOR + "@12"));
        assertThat(desired, is(List.of()));
        assertThat(twins.get(SENSOR), is(new Twin(SENSOR, "{}", 0, "{\"clients\":{}}", 12)));
    }

    @Test
    public void listsTheTwinsThatHaveASectionAcrossRestarts() {
        twins.patchDesired(MODULE, "{\"a\":1}");
        twins.syncReported(SENSOR, "{\"b\":2}", 3);
        twins.get(IdentityId.device("never-written"));
        IdentityId odd = IdentityId.module("dev:1@a", "$edgeHub");
        twins.patchReported(odd, "{\"c\":3}");

        assertThat(twins.twins(), contains(odd, MODULE, SENSOR));
        assertThat(reopen().twins(), contains(odd, MODULE, SENSOR));
    }

    private static Set<Long> versionsOf(List<Future<Long>> patches) throws Exception {
        Set<Long> versions = new HashSet<>();
        for (Future<Long> patch : patches) {
            versions.add(patch.get(30, TimeUnit.SECONDS));
        }
        return versions;
    }

    @Test
    public void replacingRemovesWhatTheWantedObjectLacksAtEveryDepthAndKeepsMetadata() {
        twins.syncDesired(MODULE, "{\"a\":1,\"m\":{\"x\":{\"k\":1},\"y\":{}}}", 3);
        List<DesiredChange> changes = new ArrayList<>();
        twins.listeners.add(changes::add);

        assertThat(twins.replaceDesired(MODULE, "{\"m\":{\"x\":{\"k\":2}},\"n\":[1]}"), is(4L));

        assertThat(changes.get(0).patch(), is("{\"a\":null,\"m\":{\"y\":null,\"x\":{\"k\":2}},\"n\":[1]}"));
    }

    @Test
    public void replacingWithAnEqualObjectChangesNothing() {
        twins.patchDesired(MODULE, "{\"a\":{\"b\":[1,2]}}");
        twins.patchReported(MODULE, "{\"a\":{\"b\":[1,2]}}");
        List<String> changes = new ArrayList<>();
        twins.listeners.add(new TwinListener() {
            @Override
            public void desiredChanged(DesiredChange change) {
                changes.add(change.patch());
            }

            @Override
            public void reportedChanged(IdentityId identity, long version) {
                changes.add(identity + "@" + version);
            }
        });

        assertThat(twins.replaceDesired(MODULE, "{\"a\":{\"b\":[1,2]}}"), is(1L));
        assertThat(twins.replaceReported(MODULE, "{\"a\":{\"b\":[1,2]}}"), is(1L));

        assertThat(changes, is(List.of()));
    }

    @Test
    public void replacingGivesTheWantedObject() {
        String current = "{\"a\":1,\"m\":{\"x\":{\"k\":1},\"y\":{}}}";
        String wanted = "{\"m\":{\"x\":{\"k\":2}},\"n\":\"s\"}";
        twins.patchDesired(MODULE, current);
        twins.patchReported(MODULE, current);

        twins.replaceDesired(MODULE, wanted);
        assertThat(twins.replaceReported(MODULE, wanted), is(2L));

        assertThat(TwinJson.parse(twins.get(MODULE).desired()), is(TwinJson.parse(wanted)));
        assertThat(TwinJson.parse(twins.get(MODULE).reported()), is(TwinJson.parse(wanted)));
        assertThat(reopen().get(MODULE), is(twins.get(MODULE)));
    }

    /** A patch whose member makes an otherwise empty section exactly this many bytes long. */
    private static String sizedPatch(int sectionBytes) {
        // {"a":"..."} takes 8 bytes besides the value.
        return "{\"a\":\"" + "x".repeat(sectionBytes - 8) + "\"}";
    }

    private Path fileOf(IdentityId identity) {
        return new TwinStore(storeDirectory).fileOf(identity);
    }

    private PersistentTwinService reopen() {
        return new PersistentTwinService(new TwinStore(storeDirectory));
    }
}

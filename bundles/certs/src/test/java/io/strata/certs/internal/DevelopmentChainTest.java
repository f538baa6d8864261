package io.strata.certs.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.strata.testing.MutableClock;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DevelopmentChainTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final BouncyCastleCertificateAuthority authority = new BouncyCastleCertificateAuthority(clock);
    private Path directory;

    @Before
    public void chooseDirectory() {
        directory = folder.getRoot().toPath().resolve("strata").resolve("certs");
    }

    @Test
    public void isCreatedOnceAndReused() throws Exception {
        NodeChain first = new DevelopmentChain(directory, authority, clock).loadOrCreate();
        NodeChain second = new DevelopmentChain(directory, authority, clock).loadOrCreate();

        assertThat(first.development(), is(true));
        assertThat(second.trustBundle(), is(first.trustBundle()));
        assertThat(second.deviceCa().chain(), is(first.deviceCa().chain()));
        assertThat(second.deviceCa().privateKey().getEncoded(), is(first.deviceCa().privateKey().getEncoded()));
        assertThat(Files.exists(directory.resolve("root-ca.cert.pem")), is(true));
    }

    @Test
    public void deviceCaChainsToTheRootItTrusts() throws Exception {
        NodeChain chain = new DevelopmentChain(directory, authority, clock).loadOrCreate();

        new ChainValidator(chain.trustBundle(), Clock.systemUTC()).validatePath(chain.deviceCa().chain());
        assertThat(chain.deviceCa().chain().size(), is(2));
        assertThat(chain.deviceCa().certificate().getBasicConstraints(), is(0));
    }

    @Test
    public void keysAndPasswordAreReadableByTheOwnerOnly() throws Exception {
        new DevelopmentChain(directory, authority, clock).loadOrCreate();

        Assume.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        for (String file : List.of("root-ca.key.pem", "device-ca.key.pem", DevelopmentChain.PASSWORD_FILE)) {
            assertThat(file, PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(file))),
                    is("rw-------"));
        }
    }

    @Test
    public void keysUnderTheGeneratedPasswordNeedNoSlowKeyDerivationToBeReadAtEveryStart() throws Exception {
        new DevelopmentChain(directory, authority, clock).loadOrCreate();

        for (String key : List.of("root-ca.key.pem", "device-ca.key.pem")) {
            assertThat(key, TestChains.keyDerivationRounds(directory.resolve(key)), is(PemFiles.GENERATED_SECRET_ROUNDS));
        }
    }

    @Test
    public void isReplacedOnceExpired() throws Exception {
        NodeChain first = new DevelopmentChain(directory, authority, clock).loadOrCreate();

        clock.advance(Duration.ofDays(3651));
        NodeChain second = new DevelopmentChain(directory, authority, clock).loadOrCreate();

        assertThat(second.trustBundle(), not(first.trustBundle()));
    }

    @Test
    public void isReplacedWhenItsPasswordIsLost() throws Exception {
        NodeChain first = new DevelopmentChain(directory, authority, clock).loadOrCreate();

        Files.delete(directory.resolve(DevelopmentChain.PASSWORD_FILE));
        NodeChain second = new DevelopmentChain(directory, authority, clock).loadOrCreate();

        assertThat(second.trustBundle(), not(first.trustBundle()));
    }
}

package io.strata.upstream.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import io.strata.testing.CertificateStoreStub;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.UnrecoverableKeyException;
import javax.net.ssl.SSLContext;
import org.junit.Test;

/** What the certificate store finds wrong with the files is reported with the node setting to fix. */
public class ClientCertificateTest {

    private static final UpstreamSettings SETTINGS = new UpstreamSettings(UpstreamSettings.AMQP, "line-1", "line-1",
            5671, "line-2", null, Path.of("/etc/pki/line-2.cert.pem"), Path.of("/etc/pki/line-2.key.pem"), "");

    @Test
    public void aKeyThatCannotBeDecryptedPointsAtThePassword() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClientCertificate
                .sslContext(SETTINGS, new Refusing(new UnrecoverableKeyException("The private key in "
                        + "/etc/pki/line-2.key.pem is encrypted, but no password was given"))));
        assertEquals("upstreamPrivateKey: The private key in /etc/pki/line-2.key.pem is encrypted, but no password "
                + "was given (check .upstreamPrivateKeyPassword)", refused.getMessage());
    }

    @Test
    public void otherProblemsNameBothSettingsAndFiles() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ClientCertificate
                .sslContext(SETTINGS, new Refusing(new FileNotFoundException("/etc/pki/line-2.key.pem does not "
                        + "exist or is not a file"))));
        assertEquals("Cannot use upstreamCertificate /etc/pki/line-2.cert.pem with upstreamPrivateKey "
                + "/etc/pki/line-2.key.pem: /etc/pki/line-2.key.pem does not exist or is not a file",
                refused.getMessage());
    }

    /** A store whose client certificate contexts fail as given; nothing else is asked of it here. */
    private static final class Refusing extends CertificateStoreStub {

        private final Exception failure;

        Refusing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public SSLContext clientSslContext(Path certificate, Path privateKey, char[] keyPassword)
                throws IOException, GeneralSecurityException {
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (GeneralSecurityException) failure;
        }
    }
}

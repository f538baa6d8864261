package io.strata.testing;

import io.strata.api.certs.CertificateInfo;
import io.strata.api.certs.CertificateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * A certificate store that answers nothing: a test overrides just what the code under test asks, and
 * anything else fails loudly.
 */
public abstract class CertificateStoreStub implements CertificateStore {

    @Override
    public SSLContext serverSslContext() {
        throw notAsked();
    }

    @Override
    public SSLContext clientSslContext() {
        throw notAsked();
    }

    @Override
    public SSLContext clientSslContext(Path certificate, Path privateKey, char[] keyPassword)
            throws IOException, GeneralSecurityException {
        throw notAsked();
    }

    @Override
    public List<X509Certificate> trustBundle() {
        throw notAsked();
    }

    @Override
    public List<X509Certificate> serverCertificateChain() {
        throw notAsked();
    }

    @Override
    public void validateClientChain(List<X509Certificate> chain) throws CertificateException {
        throw notAsked();
    }

    @Override
    public List<CertificateInfo> certificates() {
        throw notAsked();
    }

    @Override
    public boolean isDevelopmentChain() {
        throw notAsked();
    }

    private UnsupportedOperationException notAsked() {
        return new UnsupportedOperationException("this test's " + getClass().getSimpleName() + " was not meant to be asked");
    }
}

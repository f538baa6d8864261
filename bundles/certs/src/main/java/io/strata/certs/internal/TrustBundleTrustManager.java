package io.strata.certs.internal;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side's trust manager: the JDK's PKIX trust manager over the current trust bundle, so
 * an SSLContext built once follows trust bundle changes. Host name checks stay with the JDK's
 * trust manager and apply when the caller switches on endpoint identification.
 */
final class TrustBundleTrustManager extends X509ExtendedTrustManager {

    private final AtomicReference<X509ExtendedTrustManager> current = new AtomicReference<>();

    /** Trusts exactly these CAs from now on. */
    void trust(List<X509Certificate> trustBundle) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("Cannot create an empty key store", e);
        }
        for (int i = 0; i < trustBundle.size(); i++) {
            store.setCertificateEntry("ca-" + i, trustBundle.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                current.set(x509);
                return;
            }
        }
        throw new GeneralSecurityException("The JDK offers no X.509 trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate().getAcceptedIssuers();
    }

    private X509ExtendedTrustManager delegate() {
        X509ExtendedTrustManager delegate = current.get();
        if (delegate == null) {
            throw new IllegalStateException("No trust bundle yet");
        }
        return delegate;
    }
}

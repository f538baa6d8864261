package io.strata.api.certs;

/** The TLS versions every Strata listener and client enables. */
public final class TlsProtocols {

    private TlsProtocols() {
    }

    /** TLS 1.3 and 1.2, newest first; a new array each call, so callers may hand it on. */
    public static String[] enabled() {
        return new String[] {"TLSv1.3", "TLSv1.2"};
    }
}

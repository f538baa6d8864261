package io.strata.shell.internal.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateRequest;
import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;

/**
 * What the certificate creating commands share: the output directory, validity, key algorithm and
 * the password that encrypts the new key, asked for when not given.
 */
abstract class CreateCertificateCommand implements Action {

    // Optional: Karaf holds back every command of a bundle while a mandatory service is missing.
    @Reference(optional = true)
    CertificateAuthority authority;

    @Reference
    Session session;

    @Option(name = "--out", description = "Directory to write the PEM files into", required = true)
    String out;

    @Option(name = "--days", description = "Days the certificate is valid (default depends on the kind)")
    int days;

    @Option(name = "--ec", description = "Use an EC P-256 key instead of RSA 2048")
    boolean ec;

    @Option(name = "--password", description = "Password that encrypts the new private key; asked for when missing",
            censor = true)
    String password;

    @Override
    public Object execute() throws Exception {
        if (authority == null) {
            System.out.println("No certificate authority is running: is the strata-certs bundle installed and active?");
            return null;
        }
        Duration validity = Duration.ofDays(days > 0 ? days : defaultDays());
        KeyAlgorithm keyAlgorithm = ec ? KeyAlgorithm.EC_P256 : KeyAlgorithm.RSA_2048;
        IssuedCertificate certificate = create(CertificateRequest.of(role(), commonName(), validity, keyAlgorithm));
        char[] keyPassword = password != null ? password.toCharArray() : newPassword();
        System.out.println("Created " + certificate.certificate().getSubjectX500Principal().getName() + ", valid until "
                + certificate.certificate().getNotAfter().toInstant());
        for (Path file : authority.write(certificate, resolve(out), fileName(), keyPassword)) {
            System.out.println("Wrote " + file);
        }
        return null;
    }

    abstract CertificateRole role();

    abstract String commonName();

    /** The files' name before {@code .cert.pem}, {@code .full-chain.cert.pem} and {@code .key.pem}. */
    abstract String fileName();

    abstract int defaultDays();

    /** Creates the certificate: self-signed, or signed by a CA the command loads. */
    abstract IssuedCertificate create(CertificateRequest request) throws Exception;

    /** A path as typed, relative to the shell's current directory. */
    Path resolve(String path) {
        return session.currentDir().resolve(path);
    }

    String readPassword(String prompt) throws IOException {
        return session.readLine(prompt, '*');
    }

    private char[] newPassword() throws IOException {
        String first = readPassword("Password for the new private key: ");
        if (first == null || first.isEmpty()) {
            throw new IllegalArgumentException("A password is required: private keys are only stored encrypted");
        }
        if (!first.equals(readPassword("Repeat the password: "))) {
            throw new IllegalArgumentException("The passwords differ");
        }
        return first.toCharArray();
    }
}

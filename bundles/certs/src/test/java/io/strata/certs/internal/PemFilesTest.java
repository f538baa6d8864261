package io.strata.certs.internal;

import static io.strata.certs.internal.TestChains.request;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertThrows;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.util.List;
import java.util.Map;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.strata.api.certs.CertificateRole;
import io.strata.api.certs.IssuedCertificate;
import io.strata.api.certs.KeyAlgorithm;

public class PemFilesTest {

    private static final char[] PASSWORD = "correct horse".toCharArray();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final BouncyCastleCertificateAuthority authority = new BouncyCastleCertificateAuthority();
    private Path directory;
    private IssuedCertificate root;

    @Before
    public void createRoot() throws Exception {
        directory = folder.getRoot().toPath();
        root = authority.createRootCa(request(CertificateRole.ROOT_CA, "Root"));
    }

    @Test
    public void ecCertificateAndEncryptedKeyRoundTrip() throws Exception {
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), root);

        assertRoundTrip(deviceCa);
    }

    @Test
    public void rsaCertificateAndEncryptedKeyRoundTrip() throws Exception {
        IssuedCertificate identity = authority.issue(request(CertificateRole.IDENTITY, "sensor-7", KeyAlgorithm.RSA_2048), root);

        assertRoundTrip(identity);
    }

    @Test
    public void ecKeyMatchesItsCertificateWhenBouncyCastleIsRegisteredJvmWide() throws Exception {
        IssuedCertificate deviceCa = authority.issue(request(CertificateRole.DEVICE_CA, "edge-1 CA"), root);
        authority.write(deviceCa, directory, "out", PASSWORD);
        // Apache SSHD in Karaf registers BouncyCastle as soon as its bundle is there.
        Security.addProvider(new BouncyCastleProvider());
        try {
            IssuedCertificate loaded = authority.load(directory.resolve("out.full-chain.cert.pem"),
                    directory.resolve("out.key.pem"), PASSWORD);
            assertThat(loaded.privateKey().getAlgorithm(), is("EC"));
        } finally {
            Security.removeProvider(BouncyCastleProvider.PROVIDER_NAME);
        }
    }

    @Test
    public void keysEncryptedByOtherToolsAreRead() throws Exception {
        BouncyCastleProvider provider = new BouncyCastleProvider();
        PrivateKey ec = root.privateKey();
        // BouncyCastle writes a traditional EC key without its curve, which OpenSSL never does: RSA for that format.
        PrivateKey rsa = authority.createRootCa(request(CertificateRole.ROOT_CA, "RSA root", KeyAlgorithm.RSA_2048)).privateKey();
        OutputEncryptor aes128Sha1 = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_128_CBC)
                .setPRF(JcaPKCS8Generator.PRF_HMACSHA1).setProvider(provider).setPassword(PASSWORD).build();
        OutputEncryptor tripleDes = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.DES3_CBC)
                .setProvider(provider).setPassword(PASSWORD).build();
        Map<PemObjectGenerator, PrivateKey> formats = Map.of(
                new JcaPKCS8Generator(ec, aes128Sha1), ec,
                new JcaPKCS8Generator(ec, tripleDes), ec,
                new JcaPKCS8Generator(ec, null), ec,
                new JcaMiscPEMGenerator(rsa, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(provider).build(PASSWORD)), rsa,
                new JcaMiscPEMGenerator(rsa), rsa);

        for (Map.Entry<PemObjectGenerator, PrivateKey> format : formats.entrySet()) {
            Path key = writePem(format.getKey());

            assertThat(PemFiles.readPrivateKey(key, PASSWORD).getEncoded(), is(format.getValue().getEncoded()));
        }
        Path tripleDesKey = writePem(new JcaPKCS8Generator(ec, tripleDes));
        assertThrows(UnrecoverableKeyException.class, () -> PemFiles.readPrivateKey(tripleDesKey, "wrong".toCharArray()));
    }

    @Test
    public void rsaKeyOfAnEcCertificateIsRefused() throws Exception {
        IssuedCertificate rsa = authority.createRootCa(request(CertificateRole.ROOT_CA, "RSA root", KeyAlgorithm.RSA_2048));
        authority.write(root, directory, "root", PASSWORD);
        authority.write(rsa, directory, "rsa", PASSWORD);

        assertThrows(InvalidKeyException.class, () -> authority
                .load(directory.resolve("root.cert.pem"), directory.resolve("rsa.key.pem"), PASSWORD));
    }

    @Test
    public void keyIsStoredEncryptedAndReadableByItsOwnerOnly() throws Exception {
        authority.write(root, directory, "root", PASSWORD);

        Path key = directory.resolve("root.key.pem");
        assertThat("a person's password is stretched", TestChains.keyDerivationRounds(key), is(PemFiles.PASSWORD_ROUNDS));
        assertThat(Files.readString(key), containsString("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertThat(Files.readString(key), not(containsString("-----BEGIN PRIVATE KEY-----")));
        Assume.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), is("rw-------"));
    }

    @Test
    public void wrongPasswordIsRefusedNamingTheFile() throws Exception {
        authority.write(root, directory, "root", PASSWORD);
        Path key = directory.resolve("root.key.pem");

        UnrecoverableKeyException refused = assertThrows(UnrecoverableKeyException.class,
                () -> authority.load(directory.resolve("root.cert.pem"), key, "wrong".toCharArray()));
        assertThat(refused.getMessage(), containsString(key.toString()));
        assertThat(refused.getMessage(), containsString("wrong password"));
    }

    @Test
    public void encryptedKeyWithoutPasswordIsRefused() throws Exception {
        authority.write(root, directory, "root", PASSWORD);

        UnrecoverableKeyException refused = assertThrows(UnrecoverableKeyException.class,
                () -> authority.load(directory.resolve("root.cert.pem"), directory.resolve("root.key.pem"), new char[0]));
        assertThat(refused.getMessage(), containsString("encrypted, but no password was given"));
    }

    @Test
    public void keyOfAnotherCertificateIsRefused() throws Exception {
        IssuedCertificate other = authority.createRootCa(request(CertificateRole.ROOT_CA, "Other"));
        authority.write(root, directory, "root", PASSWORD);
        authority.write(other, directory, "other", PASSWORD);

        InvalidKeyException refused = assertThrows(InvalidKeyException.class, () -> authority
                .load(directory.resolve("root.cert.pem"), directory.resolve("other.key.pem"), PASSWORD));
        assertThat(refused.getMessage(), containsString("does not belong to the certificate"));
    }

    @Test
    public void missingFileIsNamed() {
        Path missing = directory.resolve("missing.pem");

        FileNotFoundException refused = assertThrows(FileNotFoundException.class,
                () -> PemFiles.readCertificates(missing));
        assertThat(refused.getMessage(), containsString(missing.toString()));
    }

    @Test
    public void brokenPemIsNamed() throws Exception {
        Path broken = directory.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

        IOException refused = assertThrows(IOException.class, () -> PemFiles.readCertificates(broken));
        assertThat(refused.getMessage(), containsString(broken + " is not a readable PEM file"));
    }

    @Test
    public void writeRefusesToStoreAKeyUnencrypted() {
        assertThrows(IllegalArgumentException.class, () -> authority.write(root, directory, "root", new char[0]));
    }

    private Path writePem(PemObjectGenerator generator) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(generator);
        }
        Path file = Files.createTempFile(directory, "key", ".pem");
        Files.writeString(file, pem.toString());
        return file;
    }

    private void assertRoundTrip(IssuedCertificate certificate) throws Exception {
        List<Path> written = authority.write(certificate, directory, "out", PASSWORD);

        assertThat(written, contains(directory.resolve("out.cert.pem"), directory.resolve("out.full-chain.cert.pem"),
                directory.resolve("out.key.pem")));
        assertThat(PemFiles.readCertificates(directory.resolve("out.cert.pem")), contains(certificate.certificate()));
        IssuedCertificate loaded = authority.load(directory.resolve("out.full-chain.cert.pem"),
                directory.resolve("out.key.pem"), PASSWORD);
        assertThat(loaded.chain(), is(certificate.chain()));
        assertThat(loaded.privateKey().getEncoded(), is(certificate.privateKey().getEncoded()));
    }
}

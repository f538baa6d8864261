package io.strata.shell.internal.devices;

import io.strata.api.identity.AuthType;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Base of the commands that register a device or module: how the new identity authenticates. */
abstract class IdentityAddCommand extends RegistryCommand {

    @Option(name = "--auth", aliases = "-a", description = "How it authenticates: symmetric-key (keys are "
            + "generated), x509-thumbprint or x509-ca")
    @Completion(value = StringsCompleter.class, values = {"symmetric-key", "x509-thumbprint", "x509-ca"})
    String auth = AuthType.SYMMETRIC_KEY.label();

    @Option(name = "--primary-thumbprint", description = "SHA-1 or SHA-256 thumbprint (hex), for x509-thumbprint")
    String primaryThumbprint;

    @Option(name = "--secondary-thumbprint", description = "Second thumbprint, for x509-thumbprint")
    String secondaryThumbprint;

    Credentials credentials() {
        AuthType type = AuthType.ofLabel(auth);
        if (type != AuthType.X509_THUMBPRINT && (primaryThumbprint != null || secondaryThumbprint != null)) {
            throw new IllegalArgumentException("Thumbprints go with --auth x509-thumbprint only");
        }
        return switch (type) {
            case SYMMETRIC_KEY -> Credentials.generateSymmetricKeys();
            case X509_THUMBPRINT -> Credentials.thumbprints(primaryThumbprint, secondaryThumbprint);
            case X509_CA -> Credentials.certificateAuthority();
        };
    }

    /** Registers the identity and says so. */
    Object register(Identity identity) {
        Identity added = registry.add(identity);
        System.out.println("Added " + added.id() + " (" + added.credentials().type().label() + ")");
        return null;
    }
}

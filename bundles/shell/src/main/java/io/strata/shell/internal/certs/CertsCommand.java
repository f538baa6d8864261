package io.strata.shell.internal.certs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.strata.api.certs.CertificateInfo;
import io.strata.api.certs.CertificateStore;

/** Lists the node's certificates, so an operator sees what children must trust and what expires when. */
@Command(scope = "edge", name = "certs", description = "Shows the node's CA chain and edge hub server certificate")
@Service
public class CertsCommand implements Action {

    @Option(name = "--no-format", description = "Disable table rendered output")
    boolean noFormat;

    // Optional: Karaf holds back every command of a bundle while a mandatory service is missing,
    // and this command can say why there are no certificates.
    @Reference(optional = true)
    CertificateStore store;

    @Override
    public Object execute() {
        if (store == null) {
            System.out.println("The certificate store is not running; the log says why (see etc/io.strata.certs.cfg).");
            return null;
        }
        if (store.isDevelopmentChain()) {
            System.out.println("WARNING: this node uses a self-generated development chain. "
                    + "Configure etc/io.strata.certs.cfg before production use.");
        }
        Instant now = Instant.now();
        ShellTable table = new ShellTable();
        table.column("Role");
        table.column("Subject");
        table.column("Issuer");
        table.column("Not after");
        table.column("Days left").alignRight();
        table.column("SHA-256 thumbprint");
        for (CertificateInfo certificate : store.certificates()) {
            table.addRow().addContent(certificate.role(), certificate.subject(), certificate.issuer(),
                    certificate.notAfter().truncatedTo(ChronoUnit.SECONDS),
                    Duration.between(now, certificate.notAfter()).toDays(), certificate.sha256Thumbprint());
        }
        table.print(System.out, !noFormat);
        return null;
    }
}

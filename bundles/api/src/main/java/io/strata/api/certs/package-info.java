/**
 * The node's certificate store (trust bundle, device CA, edge hub server certificate and the TLS
 * contexts built from them) and the certificate authority that creates such certificates.
 */
@Export
@Version("1.1.0")
package io.strata.api.certs;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

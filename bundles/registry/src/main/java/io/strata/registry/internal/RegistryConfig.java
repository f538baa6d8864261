package io.strata.registry.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration {@code etc/io.strata.registry.cfg}. */
@ObjectClassDefinition(pid = RegistryComponent.PID, name = "Strata artifact registry",
        description = "A Maven-layout repository on the API proxy under /maven/: artifacts cached from remote "
                + "repositories or imported, under a size bound")
@interface RegistryConfig {

    @AttributeDefinition(description = "Remote Maven repositories asked in order on a miss, comma-separated "
            + "http(s) URLs; on a node with a parent the parent's registry is asked after them, so empty there "
            + "means the parent only; empty on the top node for none (an air-gapped site imports with "
            + "edge:registry-import)")
    String remoteUrls() default "";

    @AttributeDefinition(description = "User names for the remotes, comma-separated in the order of remoteUrls; "
            + "an empty place sends no credentials")
    String remoteUsernames() default "";

    @AttributeDefinition(description = "Passwords for the remotes, comma-separated in the order of remoteUrls",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String remotePasswords() default "";

    @AttributeDefinition(description = "Folder of the cached repository; empty for data/strata/registry")
    String directory() default "";

    @AttributeDefinition(description = "Largest size of the cache on disk, in megabytes; the least recently used "
            + "files leave first")
    @Range(min = 1)
    long maxSizeMegabytes() default 10240;

    @AttributeDefinition(description = "Minutes a fetched maven-metadata.xml is served before the remotes are asked "
            + "again for the versions they have; 0 to ask every time")
    @Range(min = 0)
    long metadataMaxAgeMinutes() default 30;

    @AttributeDefinition(description = "Seconds to wait for a remote to accept a connection")
    @Range(min = 1, max = 600)
    int connectTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds a remote may take to start answering a request")
    @Range(min = 1, max = 86400)
    int requestTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Whether this node's Maven resolver (the one Karaf's feature service downloads "
            + "through) resolves through the registry: a loopback port is added first to "
            + "org.ops4j.pax.url.mvn.repositories while the registry runs")
    boolean resolverRepository() default true;

    @AttributeDefinition(description = "The loopback port of the resolver's repository; 0 for any free port")
    @Range(min = 0, max = 65535)
    int resolverPort() default 0;
}

package io.strata.registry.internal;

import io.strata.api.proxy.UpstreamClient;
import io.strata.api.proxy.UpstreamResponse;
import java.io.IOException;

/**
 * The registry of the parent, read through its API proxy as this node: what makes the registry of a
 * node with a parent a connected registry. The parent's own registry (or its parent's, further up)
 * answers, and serves the checksums of what it holds, so a file is checked here as from any remote.
 */
final class ParentRegistry implements ArtifactSource {

    private final UpstreamClient parent;

    ParentRegistry(UpstreamClient parent) {
        this.parent = parent;
    }

    @Override
    public Answer get(String path) throws IOException {
        UpstreamResponse response = parent.open("GET", RegistryComponent.PATH + path);
        return new Answer(response.status(), response.body());
    }

    @Override
    public String toString() {
        return "the parent's registry (" + parent + ")";
    }
}

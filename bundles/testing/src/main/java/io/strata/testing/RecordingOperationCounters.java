package io.strata.testing;

import io.strata.api.identity.IdentityId;
import io.strata.api.metrics.OperationCounters;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The operations a bundle reported, each as one line such as {@code twinRead sensor-1}. */
public final class RecordingOperationCounters implements OperationCounters {

    public final List<String> operations = new CopyOnWriteArrayList<>();

    @Override
    public void twinRead(IdentityId identity) {
        operations.add("twinRead " + identity);
    }

    @Override
    public void reportedPropertiesUpdated(IdentityId identity) {
        operations.add("reportedPropertiesUpdated " + identity);
    }

    @Override
    public void directMethodInvoked(String caller, IdentityId target) {
        operations.add("directMethodInvoked " + caller + " " + target);
    }

    @Override
    public void clientRefused(IdentityId identity, String reason) {
        operations.add("clientRefused " + identity + " " + reason);
    }

    @Override
    public void moduleStarted(String module, String version) {
        operations.add("moduleStarted " + module + " " + version);
    }

    @Override
    public void moduleStopped(String module, String version) {
        operations.add("moduleStopped " + module + " " + version);
    }
}

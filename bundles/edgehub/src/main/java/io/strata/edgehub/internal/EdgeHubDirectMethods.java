package io.strata.edgehub.internal;

import io.strata.api.identity.IdentityId;
import io.strata.api.json.Json;
import io.strata.api.metrics.OperationCounters;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.MethodResult;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Direct methods of the edge hub, whatever way the target is connected: the call goes to the
 * {@link ClientTransport} the target is connected through, and a target connected through none
 * gets a 404 at once.
 */
@Component
public class EdgeHubDirectMethods implements DirectMethods {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<ClientTransport> transports = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile OperationCounters counters;

    @Override
    public MethodResult invoke(String caller, IdentityId target, String methodName, String payload, Duration timeout) {
        MethodCall.requireValid(methodName, payload, timeout);
        return Transports.connecting(transports, target)
                .map(transport -> {
                    OperationCounters counting = counters;
                    if (counting != null) {
                        counting.directMethodInvoked(caller, target);
                    }
                    return transport.invokeMethod(target, methodName, payload, timeout);
                })
                .orElseGet(() -> new MethodResult(MethodResult.NOT_FOUND,
                        Json.message(target + " is not connected to this edge hub")));
    }
}

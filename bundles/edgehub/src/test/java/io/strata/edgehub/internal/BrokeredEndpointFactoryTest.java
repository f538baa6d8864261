package io.strata.edgehub.internal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.Assert.assertThrows;

import io.strata.api.identity.IdentityId;
import io.strata.api.message.Message;
import io.strata.api.routing.Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.Test;

public class BrokeredEndpointFactoryTest {

    private static final IdentityId FILTER = IdentityId.module("line-1", "filter");

    private final BrokeredEndpointFactory factory = new BrokeredEndpointFactory("line-1");

    @Test
    public void anArgumentNotOfTheFormModulesInputsIsRefusedNamingTheForm() {
        for (String argument : Arrays.asList(null, "", "/modules/filter", "/modules/filter/inputs/",
                "/modules/filter/inputs/in/more", "modules/filter/inputs/in", "/modules//inputs/in",
                "/modules/filter/outputs/out")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> factory.create(argument));
            assertThat(refused.getMessage(), containsString(
                    "BrokeredEndpoint needs an argument of the form \"/modules/{moduleId}/inputs/{input}\", not "));
        }
    }

    @Test
    public void anInvalidModuleIdIsRefusedNamingTheRules() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> factory.create("/modules/no spaces/inputs/in"));
        assertThat(refused.getMessage(), containsString("Invalid module id 'no spaces'"));
    }

    @Test
    public void theEndpointIdIsTheSinkAsRoutesWriteIt() {
        assertThat(factory.create("/modules/filter/inputs/in").id(),
                is("BrokeredEndpoint(\"/modules/filter/inputs/in\")"));
    }

    @Test
    public void anEndpointIsReadyOnlyWhileSomeTransportListensForTheModulesInputs() {
        Endpoint endpoint = factory.create("/modules/filter/inputs/in");
        assertThat(endpoint.isReady(), is(false));

        factory.transports = List.of(FakeTransport.serving("mqtt", IdentityId.module("line-1", "other")));
        assertThat(endpoint.isReady(), is(false));

        factory.transports = List.of(FakeTransport.serving("mqtt", IdentityId.module("line-1", "other")),
                FakeTransport.serving("in-process", FILTER));
        assertThat(endpoint.isReady(), is(true));
    }

    @Test
    public void theModuleIsOneOfThisNodesDevice() {
        factory.transports = List.of(FakeTransport.serving("mqtt", IdentityId.module("line-2", "filter")));

        assertThat(factory.create("/modules/filter/inputs/in").isReady(), is(false));
    }

    @Test
    public void aDeliveryGoesToTheListeningTransportWithTheInputNameSet() throws Exception {
        FakeTransport transport = FakeTransport.serving("mqtt", FILTER);
        factory.transports = List.of(FakeTransport.serving("amqp"), transport);
        Message message = Message.builder().body(new byte[] {7}).outputName("out").build();

        factory.create("/modules/filter/inputs/in").deliver(message).toCompletableFuture().get();

        assertThat(transport.sent, contains(new FakeTransport.Sent(FILTER, "input in",
                message.toBuilder().inputName("in").build())));
    }

    @Test
    public void aDeliveryFailsWhileNoTransportListensSoTheRouterKeepsTheMessage() {
        Endpoint endpoint = factory.create("/modules/filter/inputs/in");

        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> endpoint.deliver(Message.builder().build()).toCompletableFuture().get());
        assertThat(failed.getCause(), instanceOf(IllegalStateException.class));
        assertThat(failed.getCause().getMessage(),
                is("line-1/filter is not connected, or does not listen for messages on its inputs"));
    }
}

package io.strata.apiproxy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import io.strata.api.proxy.ProxyRoute;
import java.util.Map;
import org.junit.Test;

public class RoutesTest {

    private final ProxyRoute registry = exchange -> { };
    private final ProxyRoute manifests = exchange -> { };
    private final Map<String, ProxyRoute> local = Map.of("/v2/", registry, "/v2/manifests/", manifests);

    @Test
    public void theLongestLocalPrefixWins() {
        assertSame(manifests, ((Routes.Local) Routes.of("*", "/").decide("/v2/manifests/x", local, true)).route());
        assertSame(registry, ((Routes.Local) Routes.of("*", "/").decide("/v2/blobs/x", local, true)).route());
    }

    @Test
    public void whatNoLocalServiceServesGoesUpstream() {
        assertTrue(Routes.of("*", "/").decide("/blob/container", local, true) instanceof Routes.Upstream);
    }

    @Test
    public void localRoutesLimitWhichServicesAnswerAndTheRestGoesUp() {
        Routes routes = Routes.of("/v2/", "/");
        assertSame(registry, ((Routes.Local) routes.decide("/v2/manifests/x", local, true)).route());
        assertTrue(Routes.of("", "/").decide("/v2/x", local, true) instanceof Routes.Upstream);
    }

    @Test
    public void onlyTheUpstreamRoutesGoUp() {
        Routes routes = Routes.of("*", "/blob/, /maven/");
        assertTrue(routes.decide("/maven/io/strata/x.jar", local, true) instanceof Routes.Upstream);
        assertEquals("No route for /other on this node",
                ((Routes.NotFound) routes.decide("/other", local, true)).reason());
        assertTrue(Routes.of("*", "").decide("/maven/x", local, true) instanceof Routes.NotFound);
    }

    @Test
    public void theTopNodeSaysItHasNoParent() {
        assertEquals("No local service serves /blob/x and this node has no parent to ask",
                ((Routes.NotFound) Routes.of("*", "/").decide("/blob/x", local, false)).reason());
    }

    @Test
    public void aPrefixWithoutSlashIsRefusedNamingTheKey() {
        assertEquals("upstreamRoutes = /blob/,maven: the prefix 'maven' does not start with /",
                assertThrows(IllegalArgumentException.class, () -> Routes.of("*", "/blob/,maven")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Routes.of("v2", "/")).getMessage()
                .startsWith("localRoutes = v2: "));
    }
}

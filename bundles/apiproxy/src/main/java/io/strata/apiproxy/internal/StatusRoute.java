package io.strata.apiproxy.internal;

import io.strata.api.json.Json;
import io.strata.api.node.NodeConfiguration;
import io.strata.api.node.NodeNames;
import io.strata.api.node.NodeSettings;
import io.strata.api.proxy.ProxyExchange;
import io.strata.api.proxy.ProxyRoute;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * {@code GET /$strata/status}: which node answers and whom it took the caller for, as JSON. On a
 * node whose {@code localRoutes} leave this path out, the request goes to the parent, which answers
 * it: the simplest check that requests travel up.
 */
@Component(configurationPid = NodeSettings.PID, property = ProxyRoute.PATH_PREFIX + "=" + StatusRoute.PATH)
public class StatusRoute implements ProxyRoute {

    static final String PATH = "/$strata/status";

    private volatile NodeConfiguration node;

    @Activate
    @Modified
    void configure(NodeConfiguration node) {
        this.node = node;
    }

    @Override
    public void serve(ProxyExchange exchange) throws IOException {
        if (!exchange.method().equals("GET")) {
            exchange.respond(405, Map.of("Allow", "GET"), 0).close();
            return;
        }
        NodeNames names = NodeNames.of(node);
        Map<String, String> status = new LinkedHashMap<>();
        status.put("hostname", names.hostname());
        status.put("deviceId", names.deviceId());
        status.put("parentHostname", node.parentHostname().trim());
        status.put("client", exchange.client().toString());
        byte[] body = (Json.write(status) + "\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.respond(200, Map.of("Content-Type", "application/json"), body.length)) {
            out.write(body);
        }
    }
}

package io.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import io.strata.api.agent.EdgeAgent;
import io.strata.api.certs.CertificateAuthority;
import io.strata.api.certs.CertificateStore;
import io.strata.api.identity.Authenticator;
import io.strata.api.identity.Authorizer;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.module.ClientConnections;
import io.strata.api.module.ClientTransport;
import io.strata.api.module.CloudToDevice;
import io.strata.api.module.DirectMethods;
import io.strata.api.module.ModuleClientFactory;
import io.strata.api.node.NodeSettings;
import io.strata.api.routing.Router;
import io.strata.api.routing.RoutingDiagnostics;
import io.strata.api.twin.TwinService;
import javax.inject.Inject;
import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.util.tracker.ServiceTracker;

/** A node booted from the assembly runs every Strata feature, bundle and component. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class NodeBootIT {

    private static final long SERVICE_TIMEOUT_MILLIS = 30_000;

    private static final Set<String> STRATA_FEATURES = Set.of("strata-node", "strata-core", "strata-certs",
            "strata-identity", "strata-twin", "strata-moquette", "strata-broker", "strata-edgehub", "strata-routing",
            "strata-agent", "strata-proton", "strata-amqp", "strata-upstream", "strata-check", "strata-management",
            "strata-registry", "strata-support", "strata-prometheus", "strata-metrics");
    private static final Set<String> STRATA_BUNDLES = Set.of("io.strata.api", "io.strata.shell", "io.strata.ssh",
            "io.strata.certs", "io.strata.identity", "io.strata.twin", "io.strata.moquette", "io.strata.broker",
            "io.strata.edgehub", "io.strata.routing", "io.strata.agent", "io.strata.amqp", "io.strata.apiproxy",
            "io.strata.upstream", "io.strata.check", "io.strata.management", "io.strata.registry",
            "io.strata.support", "io.strata.metrics");
    /** Third-party libraries Strata wraps into bundles: they export their own packages. */
    private static final Set<String> WRAPPED_LIBRARIES = Set.of("io.strata.moquette");
    private static final List<Class<?>> STRATA_SERVICES = List.of(CertificateStore.class, CertificateAuthority.class,
            IdentityRegistry.class, Authenticator.class, Authorizer.class, TwinService.class,
            DirectMethods.class, CloudToDevice.class, ClientTransport.class, ModuleClientFactory.class, Router.class,
            RoutingDiagnostics.class, EdgeAgent.class, ClientConnections.class);

    @Inject
    private BundleContext bundleContext;

    @Inject
    private FeaturesService featuresService;

    // Karaf registers it once the boot features are in; the registry, booted last, waits for it too
    @Inject
    private BootFinished bootFinished;

    @Inject
    private ServiceComponentRuntime componentRuntime;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Inject
    private MetaTypeService metaTypes;

    @Inject
    private SessionFactory sessions;

    @Configuration
    public Option[] config() {
        return new Option[] {StrataContainer.assembly()};
    }

    @Test
    public void bootsTheStrataFeatures() throws Exception {
        for (String feature : STRATA_FEATURES) {
            assertTrue(feature + " is installed", featuresService.isInstalled(featuresService.getFeature(feature)));
        }
    }

    @Test
    public void everyStrataBundleIsActive() {
        Set<String> found = new TreeSet<>();
        List<String> notActive = new ArrayList<>();
        for (Bundle bundle : strataBundles()) {
            found.add(bundle.getSymbolicName());
            if (bundle.getState() != Bundle.ACTIVE) {
                notActive.add(bundle.getSymbolicName() + " is " + stateName(bundle.getState()));
            }
        }
        assertEquals(new TreeSet<>(STRATA_BUNDLES), found);
        assertEquals(List.of(), notActive);
    }

    @Test
    public void everyStrataComponentIsSatisfied() {
        List<String> failures = new ArrayList<>();
        for (Bundle bundle : strataBundles()) {
            for (ComponentDescriptionDTO description : componentRuntime.getComponentDescriptionDTOs(bundle)) {
                if (!componentRuntime.isComponentEnabled(description)) {
                    failures.add(description.name + " is disabled");
                    continue;
                }
                for (ComponentConfigurationDTO configuration : componentRuntime.getComponentConfigurationDTOs(description)) {
                    if (configuration.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE
                            || configuration.state == ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION
                            || configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                        failures.add(description.name + " is in state " + configuration.state
                                + (configuration.failure == null ? "" : ": " + configuration.failure));
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    public void registersTheStrataServices() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Class<?> service : STRATA_SERVICES) {
            ServiceTracker<?, ?> tracker = new ServiceTracker<>(bundleContext, service.getName(), null);
            tracker.open();
            try {
                if (tracker.waitForService(SERVICE_TIMEOUT_MILLIS) == null) {
                    missing.add(service.getName());
                }
            } finally {
                tracker.close();
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    public void onlyTheApiIsExported() {
        List<String> exportedImplementation = new ArrayList<>();
        for (Bundle bundle : strataBundles()) {
            if (WRAPPED_LIBRARIES.contains(bundle.getSymbolicName())) {
                continue;
            }
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            for (BundleCapability export : wiring.getCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
                String packageName = (String) export.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE);
                if (packageName.contains(".internal") || !packageName.startsWith("io.strata.api")) {
                    exportedImplementation.add(bundle.getSymbolicName() + " exports " + packageName);
                }
            }
        }
        assertEquals(List.of(), exportedImplementation);
    }

    @Test
    public void theApiBundleAloneDescribesTheNodeSettings() {
        List<String> describing = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            MetaTypeInformation information = metaTypes.getMetaTypeInformation(bundle);
            if (information != null && List.of(information.getPids()).contains(NodeSettings.PID)) {
                describing.add(bundle.getSymbolicName());
            }
        }
        assertEquals(List.of("io.strata.api"), describing);

        Bundle api = strataBundles().stream().filter(bundle -> bundle.getSymbolicName().equals("io.strata.api"))
                .findFirst().orElseThrow();
        ObjectClassDefinition node = metaTypes.getMetaTypeInformation(api)
                .getObjectClassDefinition(NodeSettings.PID, null);
        assertNotNull(node.getDescription());
        Map<String, String> descriptions = new TreeMap<>();
        List<String> passwords = new ArrayList<>();
        for (AttributeDefinition attribute : node.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            descriptions.put(attribute.getID(), attribute.getDescription());
            if (attribute.getType() == AttributeDefinition.PASSWORD) {
                passwords.add(attribute.getID());
            }
        }
        assertEquals(new TreeSet<>(List.of(NodeSettings.HOSTNAME, NodeSettings.DEVICE_ID, NodeSettings.PARENT_HOSTNAME,
                NodeSettings.PARENT_ADDRESS, NodeSettings.PARENT_PORT, NodeSettings.UPSTREAM_PROTOCOL,
                NodeSettings.UPSTREAM_SHARED_ACCESS_KEY, NodeSettings.UPSTREAM_CERTIFICATE,
                NodeSettings.UPSTREAM_PRIVATE_KEY, NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD)),
                descriptions.keySet());
        descriptions.forEach((key, description) ->
                assertTrue(key + " has a description", description != null && !description.isBlank()));
        assertEquals(List.of(NodeSettings.UPSTREAM_SHARED_ACCESS_KEY, NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD), passwords);
    }

    @Test
    public void configMetaShowsTheNodeSettings() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            Session session = sessions.create(System.in, out, out);
            session.execute("config:meta " + NodeSettings.PID);
            session.close();
        }
        String meta = output.toString(StandardCharsets.UTF_8);
        assertTrue(meta, meta.contains("The name children use to reach this node"));
        assertTrue(meta, meta.contains(NodeSettings.UPSTREAM_PRIVATE_KEY_PASSWORD));
    }

    @Test
    public void identifiesItselfAsStrata() {
        assertEquals("strata", bundleContext.getProperty("karaf.name"));
    }

    @Test
    public void bindsRemoteShellAndJmxToLoopback() throws Exception {
        assertEquals("127.0.0.1", configAdmin.getConfiguration("org.apache.karaf.shell", null)
                .getProperties().get("sshHost"));
        Dictionary<String, Object> jmx = configAdmin.getConfiguration("org.apache.karaf.management", null).getProperties();
        assertEquals("127.0.0.1", jmx.get("rmiRegistryHost"));
        assertEquals("127.0.0.1", jmx.get("rmiServerHost"));
    }

    private static String stateName(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "INSTALLED (unresolved)";
            case Bundle.RESOLVED:
                return "RESOLVED (not started)";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            default:
                return "in state " + state;
        }
    }

    private List<Bundle> strataBundles() {
        List<Bundle> bundles = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            String name = bundle.getSymbolicName();
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (name != null && name.startsWith("io.strata.") && !fragment) {
                bundles.add(bundle);
            }
        }
        return bundles;
    }
}

package io.strata.agent.internal.runtime;

import io.strata.agent.internal.manifest.ModuleSpec;
import io.strata.agent.internal.manifest.ModuleType;
import io.strata.api.agent.ModuleConfiguration;
import io.strata.api.identity.Credentials;
import io.strata.api.identity.Identity;
import io.strata.api.identity.IdentityId;
import io.strata.api.identity.IdentityRegistry;
import io.strata.api.metrics.OperationCounters;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modules as Karaf features and bundles. Features are installed without refreshing other bundles,
 * so the modules that did not change, and the node itself, keep running untouched.
 */
final class KarafModuleRuntime implements ModuleRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(KarafModuleRuntime.class);
    private static final EnumSet<FeaturesService.Option> NO_REFRESH = EnumSet.of(FeaturesService.Option.NoAutoRefreshBundles);
    private static final String ANY_LOCATION = "?";

    private final BundleContext context;
    private final FeaturesService features;
    private final ConfigurationAdmin configurations;
    private final IdentityRegistry identities;
    private final ComponentHealth components;
    private final String deviceId;
    private final CodeOwnership ownership;
    private final Supplier<Optional<OperationCounters>> counters;

    /** @param counters where starts and stops are counted for the node's metrics, while they are installed */
    KarafModuleRuntime(BundleContext context, FeaturesService features, ConfigurationAdmin configurations,
            IdentityRegistry identities, ComponentHealth components, String deviceId, CodeOwnership ownership,
            Supplier<Optional<OperationCounters>> counters) {
        this.context = context;
        this.features = features;
        this.configurations = configurations;
        this.identities = identities;
        this.components = components;
        this.deviceId = deviceId;
        this.ownership = ownership;
        this.counters = counters;
    }

    /** Records the code of a module applied before the node restarted. */
    void adopt(ModuleSpec module) {
        ownership.use(codeKey(module), module.name());
        if (module.repository() != null) {
            ownership.use(repositoryKey(module), module.name());
        }
    }

    @Override
    public void install(ModuleSpec module) throws ModuleException {
        try {
            IdentityId id = IdentityId.module(deviceId, module.name());
            if (identities.find(id).isEmpty()) {
                identities.add(Identity.module(deviceId, module.name(), Credentials.generateSymmetricKeys()));
            }
            configure(module);
            installCode(module);
            if (module.running()) {
                start(module);
            } else {
                stop(module);
            }
        } catch (ModuleException | RuntimeException e) {
            cleanUpAfterFailedInstall(module);
            throw e instanceof ModuleException failure ? failure
                    : new ModuleException("Could not install module " + module.name(), e);
        }
    }

    private void installCode(ModuleSpec module) throws ModuleException {
        if (module.type() == ModuleType.BUNDLE) {
            if (context.getBundle(module.location()) == null) {
                try {
                    context.installBundle(module.location());
                } catch (BundleException | RuntimeException e) {
                    throw new ModuleException("Module " + module.name() + ": could not install bundle "
                            + module.location(), e);
                }
                ownership.installed(codeKey(module));
            }
            ownership.use(codeKey(module), module.name());
            return;
        }
        try {
            if (module.repository() != null) {
                URI repository = URI.create(module.repository());
                if (features.getRepository(repository) == null) {
                    features.addRepository(repository);
                    ownership.installed(repositoryKey(module));
                }
                ownership.use(repositoryKey(module), module.name());
            }
            Feature feature = feature(module);
            if (!features.isInstalled(feature)) {
                features.installFeature(feature.getName(), feature.getVersion(), NO_REFRESH);
                ownership.installed(codeKey(module));
            }
            ownership.use(codeKey(module), module.name());
        } catch (ModuleException e) {
            throw e;
        } catch (Exception e) {
            throw new ModuleException("Module " + module.name() + ": could not install feature " + module.feature(), e);
        }
    }

    private void cleanUpAfterFailedInstall(ModuleSpec module) {
        try {
            uninstall(module);
        } catch (ModuleException | RuntimeException e) {
            LOG.warn("Could not clean up after the failed install of module {}", module.name(), e);
        }
    }

    /**
     * Removes the module's configuration and identity even when its code cannot be removed (a feature
     * that was never found, say): the deployment no longer has the module either way.
     */
    @Override
    public void uninstall(ModuleSpec module) throws ModuleException {
        try {
            removeCode(module);
        } finally {
            removeConfigurationAndIdentity(module);
        }
    }

    private void removeCode(ModuleSpec module) throws ModuleException {
        List<Bundle> bundles = bundles(module);
        stopAll(module, bundles);
        try {
            if (ownership.release(codeKey(module), module.name())) {
                if (module.type() == ModuleType.BUNDLE) {
                    for (Bundle bundle : bundles) {
                        bundle.uninstall();
                    }
                } else {
                    Feature feature = feature(module);
                    features.uninstallFeature(feature.getName(), feature.getVersion(), NO_REFRESH);
                }
            }
            if (module.repository() != null && ownership.release(repositoryKey(module), module.name())) {
                features.removeRepository(URI.create(module.repository()), false);
            }
        } catch (Exception e) {
            throw new ModuleException("Module " + module.name() + ": could not remove it", e);
        }
    }

    private void removeConfigurationAndIdentity(ModuleSpec module) {
        try {
            for (Configuration configuration : configurationsOf(module.name())) {
                configuration.delete();
            }
        } catch (IOException e) {
            LOG.warn("Module {}: could not remove its configuration", module.name(), e);
        }
        IdentityId id = IdentityId.module(deviceId, module.name());
        if (identities.find(id).isPresent()) {
            identities.remove(id);
        }
    }

    @Override
    public void configure(ModuleSpec module) throws ModuleException {
        try {
            Configuration configuration = module.configurationPid() == null
                    ? configurations.getConfiguration(ModuleConfiguration.DEFAULT_PID_PREFIX + module.name(), ANY_LOCATION)
                    : configurations.getFactoryConfiguration(module.configurationPid(), module.name(), ANY_LOCATION);
            for (Configuration other : configurationsOf(module.name())) {
                if (!other.getPid().equals(configuration.getPid())) {
                    other.delete();
                }
            }
            Hashtable<String, Object> properties = new Hashtable<>(module.env());
            properties.put(ModuleConfiguration.MODULE_ID, module.name());
            configuration.updateIfDifferent(properties);
        } catch (IOException | RuntimeException e) {
            throw new ModuleException("Module " + module.name() + ": could not write its configuration", e);
        }
    }

    private List<Configuration> configurationsOf(String module) throws IOException {
        try {
            Configuration[] found = configurations.listConfigurations(
                    "(" + ModuleConfiguration.MODULE_ID + "=" + module.replaceAll("([\\\\*()])", "\\\\$1") + ")");
            return found == null ? List.of() : List.of(found);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void start(ModuleSpec module) throws ModuleException {
        for (Bundle bundle : bundles(module)) {
            if (isFragment(bundle)) {
                continue;
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                if (e.getType() == BundleException.RESOLVE_ERROR) {
                    throw new ModuleException("Module " + module.name() + ": bundle " + bundle.getSymbolicName()
                            + " cannot be resolved", e);
                }
                // Installed but failing: the restart policy deals with it, as with a crashing container.
                LOG.warn("Module {}: bundle {} did not start", module.name(), bundle.getSymbolicName(), e);
            }
        }
        counters.get().ifPresent(counting -> counting.moduleStarted(module.name(), module.version()));
    }

    @Override
    public void stop(ModuleSpec module) throws ModuleException {
        stopAll(module, bundles(module));
        counters.get().ifPresent(counting -> counting.moduleStopped(module.name(), module.version()));
    }

    /**
     * A module that is one configuration of shared code is restarted by giving it its configuration
     * anew, which makes Declarative Services dispose of its component and activate a new one, while the
     * other modules of the same bundles keep running. Anything else restarts its bundles.
     */
    @Override
    public void restart(ModuleSpec module) throws ModuleException {
        boolean bundlesActive = bundles(module).stream()
                .allMatch(bundle -> isFragment(bundle) || bundle.getState() == Bundle.ACTIVE);
        if (module.configurationPid() != null && bundlesActive) {
            try {
                for (Configuration configuration : configurationsOf(module.name())) {
                    configuration.delete();
                }
            } catch (IOException e) {
                throw new ModuleException("Module " + module.name() + ": could not renew its configuration", e);
            }
            configure(module);
            counters.get().ifPresent(counting -> {
                counting.moduleStopped(module.name(), module.version());
                counting.moduleStarted(module.name(), module.version());
            });
            return;
        }
        stop(module);
        start(module);
    }

    private static void stopAll(ModuleSpec module, List<Bundle> bundles) throws ModuleException {
        for (int i = bundles.size() - 1; i >= 0; i--) {
            Bundle bundle = bundles.get(i);
            if (isFragment(bundle) || bundle.getState() == Bundle.UNINSTALLED) {
                continue;
            }
            try {
                bundle.stop();
            } catch (BundleException e) {
                throw new ModuleException("Module " + module.name() + ": bundle " + bundle.getSymbolicName()
                        + " did not stop", e);
            }
        }
    }

    @Override
    public Observation observe(ModuleSpec module) {
        List<Bundle> bundles;
        try {
            bundles = bundles(module);
        } catch (ModuleException e) {
            return new Observation(Observation.Health.FAILED, e.getMessage());
        }
        if (bundles.isEmpty()) {
            return new Observation(Observation.Health.FAILED, "its code is not installed");
        }
        return components.observe(bundles, module.running(), module.name());
    }

    /** The symbolic names of the module's bundles; none while its code is not installed. */
    Set<String> symbolicNames(ModuleSpec module) {
        try {
            return bundles(module).stream().map(Bundle::getSymbolicName).collect(Collectors.toSet());
        } catch (ModuleException e) {
            return Set.of();
        }
    }

    private List<Bundle> bundles(ModuleSpec module) throws ModuleException {
        List<Bundle> bundles = new ArrayList<>();
        if (module.type() == ModuleType.BUNDLE) {
            Bundle bundle = context.getBundle(module.location());
            if (bundle != null) {
                bundles.add(bundle);
            }
            return bundles;
        }
        Feature feature;
        try {
            if (module.repository() != null && features.getRepository(URI.create(module.repository())) == null) {
                return bundles;
            }
            feature = feature(module);
        } catch (ModuleException e) {
            throw e;
        } catch (Exception e) {
            throw new ModuleException("Module " + module.name() + ": cannot read feature " + module.feature(), e);
        }
        for (BundleInfo info : feature.getBundles()) {
            Bundle bundle = context.getBundle(info.getLocation().trim());
            if (!info.isDependency() && bundle != null) {
                bundles.add(bundle);
            }
        }
        return bundles;
    }

    private Feature feature(ModuleSpec module) throws Exception {
        Feature feature = features.getFeature(module.featureName(), module.featureVersion());
        if (feature == null) {
            throw new ModuleException("Module " + module.name() + ": feature " + module.feature() + " is not in "
                    + (module.repository() == null ? "the node's feature repositories" : "repository " + module.repository()));
        }
        return feature;
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
    }

    private static String codeKey(ModuleSpec module) {
        return module.type() == ModuleType.BUNDLE ? "bundle:" + module.location()
                : "feature:" + module.featureName() + "/" + Objects.requireNonNullElse(module.featureVersion(), "");
    }

    private static String repositoryKey(ModuleSpec module) {
        return "repository:" + module.repository();
    }
}

package io.strata.support.internal;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** The password keys of a configuration, as the Metatype of whichever bundle describes it declares them. */
final class MetatypePasswordKeys implements PasswordKeys {

    private final BundleContext context;
    private final MetaTypeService metatype;

    MetatypePasswordKeys(BundleContext context, MetaTypeService metatype) {
        this.context = context;
        this.metatype = metatype;
    }

    @Override
    public Set<String> of(String pid) {
        Set<String> passwords = new HashSet<>();
        for (Bundle bundle : context.getBundles()) {
            MetaTypeInformation information = metatype.getMetaTypeInformation(bundle);
            if (information == null || !describes(information, pid)) {
                continue;
            }
            ObjectClassDefinition definition = information.getObjectClassDefinition(pid, null);
            AttributeDefinition[] attributes = definition.getAttributeDefinitions(ObjectClassDefinition.ALL);
            if (attributes != null) {
                for (AttributeDefinition attribute : attributes) {
                    if (attribute.getType() == AttributeDefinition.PASSWORD) {
                        passwords.add(attribute.getID());
                    }
                }
            }
        }
        return passwords;
    }

    private static boolean describes(MetaTypeInformation information, String pid) {
        return Arrays.asList(information.getPids()).contains(pid)
                || Arrays.asList(information.getFactoryPids()).contains(pid);
    }
}

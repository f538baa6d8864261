package io.strata.api.twin;

import io.strata.api.identity.IdentityId;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The twins of the identities this node serves. Every identity has a twin, empty until its first
 * patch. Changes are persisted before the methods return.
 *
 * <p>Patches are JSON merge patches (RFC 7396): a member set to null is deleted, nested objects
 * are merged, anything else (arrays included) replaces what was there. Top-level members starting
 * with {@code $} are reserved for metadata. Each section is limited to {@value #MAX_SECTION_BYTES}
 * bytes of compact JSON. A patch that is not a JSON object, sets a reserved member or would exceed
 * the limit is refused with an {@link IllegalArgumentException} fit for an operator, and changes
 * nothing.
 */
@ProviderType
public interface TwinService {

    /** The size limit of a section's compact JSON, without metadata: 32 KB as in IoT Hub. */
    int MAX_SECTION_BYTES = 32 * 1024;

    /** The twin as it is now. */
    Twin get(IdentityId identity);

    /**
     * The twin as IoT Hub answers {@code $iothub/twin/GET}:
     * {@code {"desired":{...,"$version":n},"reported":{...,"$version":m}}}.
     *
     * @param indented whether to lay it out for people to read, rather than compact for the wire
     */
    String document(IdentityId identity, boolean indented);

    /** Applies a patch to the desired section, then tells the {@link TwinListener}s; returns the new version. */
    long patchDesired(IdentityId identity, String patch);

    /** Applies a patch to the reported section; returns the new version. */
    long patchReported(IdentityId identity, String patch);

    /**
     * Makes the desired section {@code section} by applying the merge patch from the current section
     * to it, as {@link #patchDesired} would; the {@link TwinListener}s hear of that patch. When the
     * two are equal, nothing changes and nobody is told.
     *
     * @param section the desired properties as a JSON object, without {@code $version}
     * @return the version now
     */
    long replaceDesired(IdentityId identity, String section);

    /** As {@link #replaceDesired}, for the reported section. */
    long replaceReported(IdentityId identity, String section);

    /** The identities whose twin has a desired or reported section with a version above 0. */
    List<IdentityId> twins();

    /**
     * Makes the desired section the parent's: replaces it and its version when {@code version}
     * differs from the local one. The {@link TwinListener}s hear of it as of a patch: the change's
     * patch is the merge patch from the old section to the new one.
     *
     * @param section the desired properties as a JSON object, without {@code $version}
     * @return whether anything changed
     */
    boolean syncDesired(IdentityId identity, String section, long version);

    /**
     * Makes the reported section a child node's: replaces it and its version when {@code version}
     * differs from the local one, so a parent mirrors the reported properties of its subtree.
     *
     * @return whether anything changed
     */
    boolean syncReported(IdentityId identity, String section, long version);
}

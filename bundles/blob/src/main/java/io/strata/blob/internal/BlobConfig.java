package io.strata.blob.internal;

import io.strata.api.config.Range;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration {@code etc/io.strata.blob.cfg}. */
@ObjectClassDefinition(pid = BlobComponent.PID, name = "Strata blob storage",
        description = "The Azure Blob Storage REST API that the Azure Storage SDKs use, on the API proxy under "
                + "/blob/<account>/, with Shared Key authorization, stored on disk under a size bound")
@interface BlobConfig {

    @AttributeDefinition(description = "The storage account's name, as LOCAL_STORAGE_ACCOUNT_NAME: the first "
            + "segment of every path under /blob/ and the name a Shared Key signs with; empty serves nothing")
    String accountName() default "";

    @AttributeDefinition(description = "The account's key, base64 (at least 16 bytes), as LOCAL_STORAGE_ACCOUNT_KEY",
            type = AttributeType.PASSWORD)
    String accountKey() default "";

    @AttributeDefinition(description = "Folder of the stored blobs; empty for data/strata/blob")
    String directory() default "";

    @AttributeDefinition(description = "Largest size of all blobs and uncommitted blocks on disk, in megabytes; "
            + "an upload that would pass it is refused with 507 InsufficientStorage")
    @Range(min = 1)
    long maxSizeMegabytes() default 10240;

    @AttributeDefinition(description = "Whether blobs are deleted once older than deleteAfterMinutes, as "
            + "deviceAutoDeleteProperties.deleteOn")
    boolean deleteOn() default false;

    @AttributeDefinition(description = "Minutes after its last change that a blob is deleted when deleteOn is true, "
            + "as deviceAutoDeleteProperties.deleteAfterMinutes")
    @Range(min = 1)
    long deleteAfterMinutes() default 10080;

    @AttributeDefinition(description = "Seconds between two looks for blobs to auto-delete")
    @Range(min = 1, max = 86400)
    int deleteCheckSeconds() default 60;
}

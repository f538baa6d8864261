package io.strata.blob.internal;

import io.strata.blob.internal.BlobStore.BlockList;
import io.strata.blob.internal.BlobStore.BlockReference;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** The XML bodies of the Blob service: listings, errors, and the block list a client commits. */
final class BlobXml {

    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    private BlobXml() {
    }

    /** One page of a listing: what it asked for and what it found. */
    record Page(String endpoint, String prefix, String marker, Integer maxResults, String nextMarker) {
    }

    static String error(String code, String message, String detail) {
        StringBuilder xml = new StringBuilder(DECLARATION).append("<Error>");
        element(xml, "Code", code);
        element(xml, "Message", message);
        if (detail != null) {
            element(xml, "AuthenticationErrorDetail", detail);
        }
        return xml.append("</Error>").toString();
    }

    static String containers(Page page, List<BlobStore.Container> containers) {
        StringBuilder xml = start(page, "").append("<Containers>");
        for (BlobStore.Container container : containers) {
            xml.append("<Container>");
            element(xml, "Name", container.name());
            xml.append("<Properties>");
            element(xml, "Last-Modified", HttpDates.format(container.lastModified()));
            element(xml, "Etag", container.etag());
            element(xml, "LeaseStatus", "unlocked");
            element(xml, "LeaseState", "available");
            element(xml, "HasImmutabilityPolicy", "false");
            element(xml, "HasLegalHold", "false");
            xml.append("</Properties></Container>");
        }
        return end(xml.append("</Containers>"), page);
    }

    /**
     * @param entries blobs, and the {@code String} names of the prefixes a delimiter folded, in name order
     */
    static String blobs(Page page, String container, String delimiter, List<Object> entries, boolean withMetadata) {
        StringBuilder xml = start(page, " ContainerName=\"" + escape(container) + "\"");
        if (delimiter != null) {
            element(xml, "Delimiter", delimiter);
        }
        xml.append("<Blobs>");
        for (Object entry : entries) {
            if (entry instanceof StoredBlob blob) {
                blob(xml, blob, withMetadata);
            } else {
                xml.append("<BlobPrefix>");
                element(xml, "Name", (String) entry);
                xml.append("</BlobPrefix>");
            }
        }
        return end(xml.append("</Blobs>"), page);
    }

    /**
     * The blocks of a Put Block List body, in order.
     *
     * @throws BlobException 400 InvalidXmlDocument naming what is wrong
     */
    static List<BlockReference> blockList(byte[] body) throws BlobException {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        List<BlockReference> blocks = new ArrayList<>();
        try {
            XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            reader.nextTag();
            if (!reader.getLocalName().equals("BlockList")) {
                throw invalid("the root element is <" + reader.getLocalName() + ">, not <BlockList>");
            }
            while (reader.nextTag() == XMLStreamReader.START_ELEMENT) {
                String name = reader.getLocalName();
                BlockList list;
                try {
                    list = BlockList.valueOf(name.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw invalid("<" + name + "> is none of <Committed>, <Uncommitted>, <Latest>");
                }
                blocks.add(new BlockReference(reader.getElementText().trim(), list));
            }
        } catch (XMLStreamException e) {
            throw invalid(e.getMessage());
        }
        return blocks;
    }

    private static void blob(StringBuilder xml, StoredBlob blob, boolean withMetadata) {
        xml.append("<Blob>");
        element(xml, "Name", blob.name());
        xml.append("<Properties>");
        element(xml, "Creation-Time", HttpDates.format(blob.created()));
        element(xml, "Last-Modified", HttpDates.format(blob.lastModified()));
        element(xml, "Etag", blob.etag());
        element(xml, "Content-Length", Long.toString(blob.length()));
        BlobHeaders headers = blob.headers();
        element(xml, "Content-Type", headers.contentType());
        element(xml, "Content-Encoding", headers.contentEncoding());
        element(xml, "Content-Language", headers.contentLanguage());
        element(xml, "Content-MD5", blob.contentMd5());
        element(xml, "Cache-Control", headers.cacheControl());
        element(xml, "Content-Disposition", headers.contentDisposition());
        element(xml, "BlobType", "BlockBlob");
        element(xml, "AccessTier", "Hot");
        element(xml, "AccessTierInferred", "true");
        element(xml, "LeaseStatus", "unlocked");
        element(xml, "LeaseState", "available");
        element(xml, "ServerEncrypted", "false");
        xml.append("</Properties>");
        if (withMetadata) {
            xml.append("<Metadata>");
            for (Map.Entry<String, String> entry : blob.metadata().entrySet()) {
                element(xml, entry.getKey(), entry.getValue());
            }
            xml.append("</Metadata>");
        }
        xml.append("</Blob>");
    }

    private static StringBuilder start(Page page, String attributes) {
        StringBuilder xml = new StringBuilder(DECLARATION).append("<EnumerationResults ServiceEndpoint=\"")
                .append(escape(page.endpoint())).append('"').append(attributes).append('>');
        element(xml, "Prefix", page.prefix());
        element(xml, "Marker", page.marker());
        if (page.maxResults() != null) {
            element(xml, "MaxResults", page.maxResults().toString());
        }
        return xml;
    }

    private static String end(StringBuilder xml, Page page) {
        xml.append("<NextMarker>").append(page.nextMarker() == null ? "" : escape(page.nextMarker()))
                .append("</NextMarker>");
        return xml.append("</EnumerationResults>").toString();
    }

    /** An element, left out when its value is null. */
    private static void element(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append('<').append(name).append('>').append(escape(value)).append("</").append(name).append('>');
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static BlobException invalid(String why) {
        return BlobException.badRequest("InvalidXmlDocument", "XML specified is not syntactically valid: " + why);
    }
}

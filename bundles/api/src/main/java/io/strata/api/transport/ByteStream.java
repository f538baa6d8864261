package io.strata.api.transport;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/** One direction of a client connection's bytes. */
@ConsumerType
public interface ByteStream {

    /**
     * Sends bytes on, in order.
     *
     * @throws IOException when the stream is closed or broken
     */
    void write(byte[] bytes) throws IOException;

    /** Ends the stream; the other direction ends with it. Calling it again does nothing. */
    void close();
}

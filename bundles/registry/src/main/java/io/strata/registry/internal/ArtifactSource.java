package io.strata.registry.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/** Where the registry fetches a file it does not hold: a configured remote repository, or the parent's registry. */
interface ArtifactSource {

    /** The answer to a {@code GET}; its body streams and closing the answer lets the connection go. */
    record Answer(int status, InputStream body) implements Closeable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Asks for {@code path}, a relative Maven-layout path.
     *
     * @throws IOException when the source cannot be read
     */
    Answer get(String path) throws IOException, InterruptedException;
}

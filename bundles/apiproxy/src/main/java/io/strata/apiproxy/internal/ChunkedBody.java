package io.strata.apiproxy.internal;

import java.io.IOException;
import java.io.InputStream;

/** The content of a {@code Transfer-Encoding: chunked} body, read as it arrives; closing it closes the source. */
final class ChunkedBody extends InputStream {

    private final InputStream in;
    private long leftInChunk;
    private boolean ended;

    ChunkedBody(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (leftInChunk == 0 && !nextChunk()) {
            return -1;
        }
        int read = in.read(buffer, offset, (int) Math.min(length, leftInChunk));
        if (read < 0) {
            throw new IOException("the connection ended inside a chunk");
        }
        leftInChunk -= read;
        if (leftInChunk == 0) {
            HttpResponseHead.readLine(in); // the CRLF after the chunk's data
        }
        return read;
    }

    private boolean nextChunk() throws IOException {
        if (ended) {
            return false;
        }
        String sizeLine = HttpResponseHead.readLine(in);
        int extension = sizeLine.indexOf(';');
        try {
            leftInChunk = Long.parseLong((extension < 0 ? sizeLine : sizeLine.substring(0, extension)).trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("not a chunk size: " + sizeLine);
        }
        if (leftInChunk == 0) {
            // the trailers, up to the empty line
            while (!HttpResponseHead.readLine(in).isEmpty()) {
                continue;
            }
            ended = true;
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

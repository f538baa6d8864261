package io.strata.apiproxy.internal;

import java.io.IOException;
import java.io.InputStream;

/** A body of a known length: it ends there, and a connection that ends before it is an error, not an end. */
final class FixedLengthBody extends InputStream {

    private final InputStream in;
    private long left;

    FixedLengthBody(InputStream in, long length) {
        this.in = in;
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (left == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int read = in.read(buffer, offset, (int) Math.min(length, left));
        if (read < 0) {
            throw new IOException("the connection ended " + left + " bytes before the end of the body");
        }
        left -= read;
        return read;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

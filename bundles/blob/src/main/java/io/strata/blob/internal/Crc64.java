package io.strata.blob.internal;

/**
 * The 64-bit CRC of {@code x-ms-content-crc64}: polynomial 0x9A6C9329AC4BC9B5 (reflected), initial
 * value and final XOR all ones, sent as its 8 bytes little-endian in base64.
 */
final class Crc64 {

    private static final long POLYNOMIAL = 0x9A6C9329AC4BC9B5L;
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = ~0L;

    void update(byte[] bytes, int offset, int length) {
        long value = crc;
        for (int i = offset; i < offset + length; i++) {
            value = TABLE[(int) ((value ^ bytes[i]) & 0xff)] ^ (value >>> 8);
        }
        crc = value;
    }

    /** The CRC of everything so far, as the 8 bytes the header carries. */
    byte[] bytes() {
        long value = ~crc;
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (8 * i));
        }
        return bytes;
    }
}

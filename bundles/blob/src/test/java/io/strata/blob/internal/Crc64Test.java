package io.strata.blob.internal;

import static org.junit.Assert.assertArrayEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.Test;

public class Crc64Test {

    @Test
    public void itIsTheCrc64OfTheNvmeCatalogueEntryLittleEndian() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        Crc64 whole = new Crc64();
        whole.update(check, 0, check.length);
        Crc64 inPieces = new Crc64();
        inPieces.update(check, 0, 4);
        inPieces.update(check, 4, 5);

        byte[] expected = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0xAE8B14860A799888L).array();
        assertArrayEquals(expected, whole.bytes());
        assertArrayEquals(expected, inPieces.bytes());
    }
}

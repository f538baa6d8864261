package io.strata.amqp.internal.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/**
 * The IoT Hub batched message format: one transfer with message-format 0x80013700 whose
 * body is a sequence of Data sections, each holding one whole encoded AMQP message. Several messages
 * then cost one transfer, one credit and one disposition.
 */
public final class BatchedMessages {

    /** The transfer's message-format of a batch (Azure's; 0 is a plain message). */
    public static final int FORMAT = 0x80013700;
    /** The most a batch's encoded messages may add up to, as IoT Hub's batches. */
    public static final int MAX_BYTES = 256 * 1024;
    /** What one message adds to a batch beside its bytes: the Data section's descriptor and vbin32 header. */
    public static final int SECTION_OVERHEAD = 8;

    private static final byte DESCRIBED = 0x00;
    private static final byte SMALL_ULONG = 0x53;
    private static final byte DATA_SECTION = 0x75;
    private static final byte VBIN32 = (byte) 0xb0;

    /** One per event loop: registering every AMQP type per batch was 4-12 % of a parent's and the hub's JFR samples. */
    private static final ThreadLocal<DecoderImpl> DECODERS = ThreadLocal.withInitial(() -> {
        DecoderImpl decoder = new DecoderImpl();
        AMQPDefinedTypes.registerAllTypes(decoder, new EncoderImpl(decoder));
        return decoder;
    });

    private BatchedMessages() {
    }

    /** The body of a batch transfer: each encoded message as one Data section, in order. */
    public static byte[] encode(List<byte[]> messages) {
        int size = 0;
        for (byte[] message : messages) {
            size += SECTION_OVERHEAD + message.length;
        }
        ByteBuffer batch = ByteBuffer.allocate(size);
        for (byte[] message : messages) {
            batch.put(DESCRIBED).put(SMALL_ULONG).put(DATA_SECTION).put(VBIN32).putInt(message.length).put(message);
        }
        return batch.array();
    }

    /**
     * The encoded messages of a batch transfer, in order; other sections the sender may have put
     * around them (header, properties of the batch) are skipped.
     *
     * @throws IllegalArgumentException when the bytes are no sequence of AMQP sections
     */
    public static List<byte[]> decode(byte[] transfer) {
        DecoderImpl decoder = DECODERS.get();
        ByteBuffer input = ByteBuffer.wrap(transfer);
        decoder.setByteBuffer(input);
        List<byte[]> messages = new ArrayList<>();
        try {
            while (input.hasRemaining()) {
                if (decoder.readObject() instanceof Data data && data.getValue() != null) {
                    Binary binary = data.getValue();
                    messages.add(binary.getArrayOffset() == 0 && binary.getLength() == binary.getArray().length
                            ? binary.getArray()
                            : Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(),
                                    binary.getArrayOffset() + binary.getLength()));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The batch is not a sequence of AMQP sections: " + e.getMessage());
        }
        return messages;
    }
}

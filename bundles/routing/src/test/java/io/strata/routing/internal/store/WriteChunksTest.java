package io.strata.routing.internal.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.Test;

public class WriteChunksTest {
    @Test
    public void aWrittenChunkIsReusedEmptyAndTheIdleOnesAreBounded() {
        WriteChunks chunks = new WriteChunks(2);
        ByteBuffer first = chunks.take(100).put(new byte[100]);
        ByteBuffer second = chunks.take(100);
        ByteBuffer third = chunks.take(100);

        chunks.give(List.of(first, second, third));

        assertThat(chunks.free(), is(2));
        ByteBuffer reused = chunks.take(10);
        assertThat(reused, is(sameInstance(second)));
        assertThat(chunks.take(10).position(), is(0));
    }

    @Test
    public void aRecordLargerThanAChunkGetsABufferOfItsOwnThatIsNotKept() {
        WriteChunks chunks = new WriteChunks(2);
        ByteBuffer large = chunks.take(WriteChunks.CHUNK_BYTES + 1);

        chunks.give(List.of(large));

        assertThat(large.capacity(), is(WriteChunks.CHUNK_BYTES + 1));
        assertThat(chunks.free(), is(0));
        assertThat(chunks.take(1), is(not(sameInstance(large))));
    }
}

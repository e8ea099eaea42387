package dev.shipwatch.statuspage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A large document (the home page, {@code components.json}, {@code summary.json}) assembled from
 * pre-rendered fragments, so that its bytes, gzip copy and ETag cost little more than copying
 * when one fragment changes among thousands.
 *
 * <p>The fragments are grouped into segments (a few dozen fragments each, at positions the
 * caller keeps stable). Each segment is deflated on its own and ends with a sync flush (an empty
 * stored block, so it ends on a byte boundary and starts nothing the next depends on): the gzip
 * body is a gzip header, the segments' deflate output one after another, a final empty block,
 * and the CRC-32 and length of the whole. Only a segment whose fragments changed is deflated
 * again. The ETag is a hash of the segments' hashes, each a hash of its fragments' hashes.
 *
 * <p>One instance per document keeps the previous segments; not thread-safe (the page renders
 * on one thread at a time).
 */
final class Stitched {
    /** Fragments per segment: enough for deflate to find the markup they repeat, few enough to redo quickly. */
    static final int SEGMENT = 32;
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    /** A final fixed-Huffman block holding only end-of-block. */
    private static final byte[] FINAL_BLOCK = {0x03, 0x00};

    /**
     * One fragment of a document. Never changed once made, and compared by identity: a fragment
     * that renders again is a new part, so an unchanged segment is recognised by its parts alone.
     */
    static final class Part {
        final byte[] bytes;
        final byte[] digest;

        private Part(byte[] bytes) {
            this.bytes = bytes;
            this.digest = Resource.newSha256().digest(bytes);
        }

        static Part of(byte[] bytes) {
            return new Part(bytes);
        }

        static Part of(String text) {
            return new Part(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * A document's bytes, off-heap as the server writes them (never written again: every request
     * reads them).
     *
     * @param identity a stitched document's is a composite of its segments' buffers, so a refresh
     *                 allocates and copies only the segments that changed
     * @param gzip     the gzip body, or null when it would not be smaller
     * @param tag      32 hex digits, for the ETag
     */
    record Body(ByteBuf identity, ByteBuf gzip, String tag) {
        /** The bytes of a document made in one piece. */
        static Body of(byte[] identity, byte[] gzip, String tag) {
            return new Body(direct(identity), gzip == null ? null : direct(gzip), tag);
        }

        byte[] identityBytes() {
            return bytes(identity);
        }

        byte[] gzipBytes() {
            return gzip == null ? null : bytes(gzip);
        }

        private static byte[] bytes(ByteBuf b) {
            byte[] out = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), out);
            return out;
        }
    }

    /**
     * Bytes in a JDK direct buffer, which the garbage collector frees once nothing refers to it
     * (Netty's allocator would free them only on a release, and served bytes are never released).
     */
    static ByteBuf direct(byte[] bytes) {
        return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
    }

    /**
     * @param identity the segment's bytes off-heap, or null when it has none
     * @param deflated raw deflate blocks ending with a sync flush
     */
    private record Segment(List<Part> parts, ByteBuf identity, byte[] deflated, byte[] digest, int length) {}

    private Segment[] previous = new Segment[0];
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

    /** Splits {@code parts} into segments of {@value #SEGMENT}: for documents whose parts keep their positions. */
    static List<List<Part>> segments(List<Part> parts) {
        List<List<Part>> out = new java.util.ArrayList<>();
        for (int i = 0; i < parts.size(); i += SEGMENT) {
            out.add(List.copyOf(parts.subList(i, Math.min(parts.size(), i + SEGMENT))));
        }
        return out;
    }

    /** The document made of these segments, deflating again only the segments whose parts differ from last time's. */
    Body build(List<List<Part>> segments) {
        Segment[] now = new Segment[segments.size()];
        int length = 0;
        int gzipLength = GZIP_HEADER.length + FINAL_BLOCK.length + 8;
        MessageDigest tag = Resource.newSha256();
        for (int i = 0; i < now.length; i++) {
            List<Part> parts = segments.get(i);
            Segment s = i < previous.length && previous[i].parts().equals(parts) ? previous[i] : segment(parts);
            now[i] = s;
            length += s.length();
            gzipLength += s.deflated().length;
            tag.update(s.digest());
        }
        previous = now;

        List<ByteBuf> buffers = new ArrayList<>(now.length);
        for (Segment s : now) {
            if (s.identity() != null) {
                buffers.add(s.identity());
            }
        }
        // One buffer is served as it is; several as a composite that refers to them (Netty then
        // writes them with one gathering write). Reads never move their indices.
        ByteBuf identity = buffers.isEmpty() ? Unpooled.EMPTY_BUFFER : buffers.size() == 1 ? buffers.get(0)
                : new CompositeByteBuf(UnpooledByteBufAllocator.DEFAULT, true, buffers.size(), buffers);
        ByteBuf gzip = null;
        if (gzipLength < length) {
            ByteBuffer gz = ByteBuffer.allocateDirect(gzipLength).order(ByteOrder.LITTLE_ENDIAN);
            gz.put(GZIP_HEADER);
            for (Segment s : now) {
                gz.put(s.deflated());
            }
            gz.put(FINAL_BLOCK);
            CRC32 crc = new CRC32();
            for (ByteBuf b : buffers) {
                crc.update(b.nioBuffer());
            }
            gz.putInt((int) crc.getValue());
            gz.putInt(length); // ISIZE: the length modulo 2^32
            gzip = Unpooled.wrappedBuffer(gz.flip());
        }
        return new Body(identity, gzip, HexFormat.of().formatHex(tag.digest(), 0, 16));
    }

    private Segment segment(List<Part> parts) {
        int length = 0;
        MessageDigest digest = Resource.newSha256();
        for (Part p : parts) {
            length += p.bytes.length;
            digest.update(p.digest);
        }
        if (length == 0) {
            return new Segment(parts, null, new byte[0], digest.digest(), 0);
        }
        ByteBuffer identity = ByteBuffer.allocateDirect(length);
        for (Part p : parts) {
            identity.put(p.bytes);
        }
        deflater.reset();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 4 + 64);
        byte[] buf = new byte[Math.max(1024, Math.min(length, 64 * 1024))];
        for (Part p : parts) {
            deflater.setInput(p.bytes);
            while (!deflater.needsInput()) {
                out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        do {
            // a full buffer means more flush output is pending (Deflater#deflate)
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        return new Segment(parts, Unpooled.wrappedBuffer(identity.flip()), out.toByteArray(), digest.digest(), length);
    }

}

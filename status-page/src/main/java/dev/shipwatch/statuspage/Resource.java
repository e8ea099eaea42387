package dev.shipwatch.statuspage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * One pre-rendered response: its bytes, a gzip copy made at render time, and the validators.
 * Immutable; handlers only write these bytes out. The bytes are held once, off-heap, as the
 * server writes them ({@link Wire}); {@link #identity()} and {@link #gzip()} copy them out.
 *
 * @param etag         strong ETag of the identity body (quoted)
 * @param gzipEtag     strong ETag of the gzip body; a different representation needs its own tag
 * @param lastModified when these bytes were first rendered (whole seconds, as HTTP dates are)
 * @param csp          the Content-Security-Policy header value
 */
record Resource(int status, String contentType, String cacheControl, String etag, String gzipEtag, Instant lastModified,
                String csp, Wire wire) {

    /**
     * The response as the server writes it, prepared once at render time: Vert.x buffers shared
     * by every request (written, never modified) and header values as pre-encoded ASCII, so a
     * request costs no copying of the body and no formatting.
     *
     * @param identity the body, or null when only the gzip copy is kept ({@link #identity()} then
     *                 decompresses it for the rare client that does not take gzip)
     * @param gzip     the gzip-compressed body, or null when compressing does not make it smaller
     */
    record Wire(Buffer identity, Buffer gzip, CharSequence contentType, CharSequence cacheControl, CharSequence csp,
                CharSequence etag, CharSequence gzipEtag, CharSequence lastModified, CharSequence identityLength,
                CharSequence gzipLength) {
        /** @param body its identity bytes are empty when only the gzip copy is kept */
        static Wire of(Stitched.Body body, int length, String contentType, String cacheControl, String csp, String etag,
                       String gzipEtag, Instant lastModified) {
            boolean identity = body.identity().readableBytes() == length;
            return new Wire(identity ? buffer(body.identity()) : null, body.gzip() == null ? null : buffer(body.gzip()),
                    ascii(contentType), ascii(cacheControl), ascii(csp), ascii(etag), ascii(gzipEtag),
                    ascii(HTTP_DATE.format(lastModified)), ascii(Integer.toString(length)),
                    body.gzip() == null ? null : ascii(Integer.toString(body.gzip().readableBytes())));
        }

        @Override
        public Buffer identity() {
            return identity != null ? identity : Buffer.buffer(gunzip(gzip.getBytes()));
        }

        /**
         * The bytes off-heap, once: Netty writes a heap buffer to a socket by copying it into a
         * direct one first, on every request; a direct buffer goes out as it is (what sendfile
         * gives nginx). Unreleasable: every request writes a slice of it, none may free it. The
         * memory is the JDK's, freed by the garbage collector with the page ({@link Stitched#direct}).
         */
        private static Buffer buffer(ByteBuf direct) {
            return BufferInternal.buffer(Unpooled.unreleasableBuffer(direct));
        }

        private static CharSequence ascii(String s) {
            return HttpHeaders.createOptimized(s);
        }
    }

    /** The identity body (a copy). */
    byte[] identity() {
        return wire.identity().getBytes();
    }

    /** The gzip body (a copy), or null when compressing does not make it smaller. */
    byte[] gzip() {
        return wire.gzip() == null ? null : wire.gzip().getBytes();
    }

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";
    static final String ATOM = "application/atom+xml; charset=utf-8";
    static final String SVG = "image/svg+xml";
    static final String CACHE_PUBLIC = "public, max-age=10";
    /** JSON is data, never a document: nothing may load from or frame it. */
    static final String CSP_NONE = "default-src 'none'; frame-ancestors 'none'";

    static Resource html(int status, byte[] body, Instant renderedAt) {
        return of(status, HTML, body, renderedAt, htmlCsp(body), true);
    }

    /**
     * A page of which there is one per component: only its gzip copy is kept (a fifth of the
     * bytes), as nearly every client takes gzip.
     */
    static Resource compressedHtml(byte[] body, Instant renderedAt) {
        return of(200, HTML, body, renderedAt, htmlCsp(body), false);
    }

    static Resource json(byte[] body, Instant renderedAt) {
        return of(200, JSON, body, renderedAt, CSP_NONE, true);
    }

    static Resource atom(byte[] body, Instant renderedAt) {
        return of(200, ATOM, body, renderedAt, CSP_NONE, true);
    }

    /** A file of the site ({@link SiteFiles}): nothing in it loads anything. */
    static Resource file(String contentType, byte[] body, Instant renderedAt) {
        return of(200, contentType, body, renderedAt, CSP_NONE, true);
    }

    /** SVG images style themselves with presentation attributes only, so nothing needs allowing. */
    static Resource svg(byte[] body, Instant renderedAt) {
        return of(200, SVG, body, renderedAt, CSP_NONE, true);
    }

    /** A document stitched from fragments; {@code csp} comes from the fragment holding the stylesheet. */
    static Resource html(Stitched.Body body, String csp, Instant renderedAt) {
        return of(200, HTML, body, body.identity().readableBytes(), renderedAt, csp);
    }

    static Resource json(Stitched.Body body, Instant renderedAt) {
        return of(200, JSON, body, body.identity().readableBytes(), renderedAt, CSP_NONE);
    }

    private static Resource of(int status, String contentType, byte[] body, Instant renderedAt, String csp,
                               boolean keepIdentity) {
        byte[] gz = gzip(body);
        byte[] gzip = gz.length < body.length ? gz : null;
        // a page kept compressed only never has its identity bytes copied off-heap
        return of(status, contentType, Stitched.Body.of(keepIdentity || gzip == null ? body : new byte[0], gzip, tag(body)),
                body.length, renderedAt, csp);
    }

    private static Resource of(int status, String contentType, Stitched.Body body, int length, Instant renderedAt,
                               String csp) {
        String etag = "\"" + body.tag() + "\"";
        String gzipEtag = "\"" + body.tag() + "-gzip\"";
        Instant lastModified = renderedAt.truncatedTo(ChronoUnit.SECONDS);
        return new Resource(status, contentType, CACHE_PUBLIC, etag, gzipEtag, lastModified, csp,
                Wire.of(body, length, contentType, CACHE_PUBLIC, csp, etag, gzipEtag, lastModified));
    }

    /** This resource, or {@code previous} when the bytes did not change, so Last-Modified stays put. */
    Resource since(Resource previous) {
        return previous != null && previous.etag.equals(etag) && previous.status == status ? previous : this;
    }

    /**
     * No scripts, no external anything; inline styles only by hash of the exact stylesheet bytes
     * rendered, so an injected {@code <style>} or {@code style=} attribute would not apply.
     */
    static String htmlCsp(byte[] html) {
        List<String> hashes = new ArrayList<>();
        // ASCII markup can be found in UTF-8 bytes as it is: no byte of a multi-byte character is ASCII
        for (int at = indexOf(html, STYLE_OPEN, 0); at >= 0; ) {
            int from = at + STYLE_OPEN.length;
            int to = indexOf(html, STYLE_CLOSE, from);
            if (to < 0) {
                break;
            }
            hashes.add("'sha256-" + styleHash(html, from, to) + "'");
            at = indexOf(html, STYLE_OPEN, to + STYLE_CLOSE.length);
        }
        return "default-src 'none'; style-src " + (hashes.isEmpty() ? "'none'" : String.join(" ", hashes))
                + "; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    private static final byte[] STYLE_OPEN = "<style>".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STYLE_CLOSE = "</style>".getBytes(StandardCharsets.US_ASCII);
    /** The last stylesheet hashed and its hash: every page carries the same one. */
    private static volatile Object[] lastStyle = {new byte[0], ""};

    private static String styleHash(byte[] html, int from, int to) {
        Object[] last = lastStyle;
        byte[] style = (byte[]) last[0];
        if (Arrays.equals(style, 0, style.length, html, from, to)) {
            return (String) last[1];
        }
        byte[] bytes = Arrays.copyOfRange(html, from, to);
        String hash = Base64.getEncoder().encodeToString(sha256(bytes));
        lastStyle = new Object[] {bytes, hash};
        return hash;
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int k = 0; k < what.length; k++) {
                if (in[i + k] != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String tag(byte[] body) {
        return HexFormat.of().formatHex(sha256(body), 0, 16);
    }

    static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static byte[] gunzip(byte[] gz) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("gunzip in memory failed", e);
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip into memory failed", e);
        }
        return out.toByteArray();
    }
}

package dev.shipwatch.statuspage;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.HttpHeaders;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * One pre-rendered response: its bytes, a gzip copy made at render time, and the validators.
 * Immutable; handlers only write these bytes out.
 *
 * @param gzip         the gzip-compressed body, or null when compressing does not make it smaller
 * @param etag         strong ETag of the identity body (quoted)
 * @param gzipEtag     strong ETag of the gzip body; a different representation needs its own tag
 * @param lastModified when these bytes were first rendered (whole seconds, as HTTP dates are)
 * @param csp          the Content-Security-Policy header value
 */
record Resource(int status, String contentType, String cacheControl, byte[] identity, byte[] gzip,
                String etag, String gzipEtag, Instant lastModified, String csp, Wire wire) {

    /**
     * The response as the server writes it, prepared once at render time: Vert.x buffers shared
     * by every request (written, never modified) and header values as pre-encoded ASCII, so a
     * request costs no copying of the body and no formatting.
     */
    record Wire(Buffer identity, Buffer gzip, CharSequence contentType, CharSequence cacheControl, CharSequence csp,
                CharSequence etag, CharSequence gzipEtag, CharSequence lastModified, CharSequence identityLength,
                CharSequence gzipLength) {
        static Wire of(byte[] identity, byte[] gzip, String contentType, String cacheControl, String csp, String etag,
                       String gzipEtag, Instant lastModified) {
            return new Wire(direct(identity), gzip == null ? null : direct(gzip), ascii(contentType),
                    ascii(cacheControl), ascii(csp), ascii(etag), ascii(gzipEtag), ascii(HTTP_DATE.format(lastModified)),
                    ascii(Integer.toString(identity.length)), gzip == null ? null : ascii(Integer.toString(gzip.length)));
        }

        /**
         * The bytes off-heap, once: Netty writes a heap buffer to a socket by copying it into a
         * direct one first, on every request; a direct buffer goes out as it is (what sendfile
         * gives nginx). Unreleasable: every request writes a slice of it, none may free it. A
         * JDK direct buffer, which the garbage collector frees once no page refers to it: one from
         * Netty's allocator would be freed only by a release, which never comes, and every page
         * rendered again would leak its bytes.
         */
        private static Buffer direct(byte[] bytes) {
            ByteBuf buf = Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
            return BufferInternal.buffer(Unpooled.unreleasableBuffer(buf));
        }

        private static CharSequence ascii(String s) {
            return HttpHeaders.createOptimized(s);
        }
    }

    static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json";
    static final String ATOM = "application/atom+xml; charset=utf-8";
    static final String SVG = "image/svg+xml";
    static final String CACHE_PUBLIC = "public, max-age=10";
    /** JSON is data, never a document: nothing may load from or frame it. */
    static final String CSP_NONE = "default-src 'none'; frame-ancestors 'none'";
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    static Resource html(int status, byte[] body, Instant renderedAt) {
        return of(status, HTML, body, renderedAt, htmlCsp(body));
    }

    static Resource json(byte[] body, Instant renderedAt) {
        return of(200, JSON, body, renderedAt, CSP_NONE);
    }

    static Resource atom(byte[] body, Instant renderedAt) {
        return of(200, ATOM, body, renderedAt, CSP_NONE);
    }

    /** SVG images style themselves with presentation attributes only, so nothing needs allowing. */
    static Resource svg(byte[] body, Instant renderedAt) {
        return of(200, SVG, body, renderedAt, CSP_NONE);
    }

    /** A document stitched from fragments; {@code csp} comes from the fragment holding the stylesheet. */
    static Resource html(Stitched.Body body, String csp, Instant renderedAt) {
        return of(200, HTML, body, renderedAt, csp);
    }

    static Resource json(Stitched.Body body, Instant renderedAt) {
        return of(200, JSON, body, renderedAt, CSP_NONE);
    }

    private static Resource of(int status, String contentType, byte[] body, Instant renderedAt, String csp) {
        byte[] gz = gzip(body);
        return of(status, contentType, new Stitched.Body(body, gz.length < body.length ? gz : null, tag(body)), renderedAt, csp);
    }

    private static Resource of(int status, String contentType, Stitched.Body body, Instant renderedAt, String csp) {
        String etag = "\"" + body.tag() + "\"";
        String gzipEtag = "\"" + body.tag() + "-gzip\"";
        Instant lastModified = renderedAt.truncatedTo(ChronoUnit.SECONDS);
        return new Resource(status, contentType, CACHE_PUBLIC, body.identity(), body.gzip(), etag, gzipEtag, lastModified, csp,
                Wire.of(body.identity(), body.gzip(), contentType, CACHE_PUBLIC, csp, etag, gzipEtag, lastModified));
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
        Matcher m = STYLE.matcher(new String(html, StandardCharsets.UTF_8));
        while (m.find()) {
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(sha256(m.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
        }
        return "default-src 'none'; style-src " + (hashes.isEmpty() ? "'none'" : String.join(" ", hashes))
                + "; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
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

package dev.shipwatch.statuspage;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Documents stitched from fragments: the gzip body is valid for Java and for the real gzip, and the tag follows the bytes. */
class StitchedTest {
    private static final Path GZIP = Path.of("/usr/bin/gzip");

    /** A home page's worth of fragments: a top, 500 entries of repetitive markup, a bottom. */
    private static List<Stitched.Part> parts(int changed) {
        List<Stitched.Part> parts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            parts.add(Stitched.Part.of("<div class=\"component\" id=\"c-" + i + "\"><h4><a href=\"/components/c-" + i + "\">Component "
                    + i + (i == changed ? " (changed)" : "") + "</a></h4><p class=\"status operational\">✓ Operational</p></div>\n"));
        }
        return parts;
    }

    private static List<List<Stitched.Part>> document(List<Stitched.Part> middle) {
        List<List<Stitched.Part>> segments = new ArrayList<>();
        segments.add(List.of(Stitched.Part.of("<!DOCTYPE html><html><head><title>Status</title></head><body>")));
        segments.addAll(Stitched.segments(middle));
        segments.add(List.of(Stitched.Part.of(""))); // an empty segment deflates to nothing
        segments.add(List.of(Stitched.Part.of("</body></html>\n")));
        return segments;
    }

    private static byte[] gunzip(byte[] gz) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    @Test
    void theGzipBodyDecompressesToTheIdentityBodyWithJava() throws Exception {
        Stitched.Body body = new Stitched().build(document(parts(-1)));

        assertThat(body.gzipBytes()).isNotNull();
        assertThat(body.gzipBytes().length).as("deflate finds the markup the fragments repeat").isLessThan(body.identityBytes().length / 5);
        assertThat(gunzip(body.gzipBytes())).isEqualTo(body.identityBytes());
        assertThat(new String(body.identityBytes(), java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("<!DOCTYPE html>").contains("id=\"c-499\"").endsWith("</body></html>\n");
    }

    @Test
    void theGzipBodyDecompressesWithTheRealGzipToo() throws Exception {
        assumeTrue(Files.isExecutable(GZIP), "gzip is not installed at " + GZIP);
        Stitched stitched = new Stitched();
        stitched.build(document(parts(-1)));
        Stitched.Body body = stitched.build(document(parts(250))); // mostly reused segments, one deflated again

        Process gzip = new ProcessBuilder(GZIP.toString(), "-d", "-c").start();
        gzip.getOutputStream().write(body.gzipBytes());
        gzip.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        gzip.getInputStream().transferTo(out);
        String errors = new String(gzip.getErrorStream().readAllBytes());
        assertThat(gzip.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(gzip.exitValue()).as("gzip -d: " + errors).isZero();
        assertThat(errors).as("gzip checks the CRC and length trailer and says nothing").isEmpty();
        assertThat(out.toByteArray()).isEqualTo(body.identityBytes());
    }

    @Test
    void oneChangedFragmentDeflatesOneSegmentAgainAndStillDecompresses() throws Exception {
        Stitched stitched = new Stitched();
        List<Stitched.Part> before = parts(-1);
        Stitched.Body first = stitched.build(document(before));
        List<Stitched.Part> after = new ArrayList<>(before);
        after.set(100, parts(100).get(100));
        Stitched.Body second = stitched.build(document(after));

        assertThat(second.tag()).matches("[0-9a-f]{32}").isNotEqualTo(first.tag());
        assertThat(gunzip(second.gzipBytes())).isEqualTo(second.identityBytes());
        assertThat(new String(second.identityBytes(), java.nio.charset.StandardCharsets.UTF_8)).contains("Component 100 (changed)");
        // what a fresh build of the same fragments gives: the same bytes, gzip and tag
        Stitched.Body fresh = new Stitched().build(document(after));
        assertThat(fresh.identityBytes()).isEqualTo(second.identityBytes());
        assertThat(fresh.gzipBytes()).isEqualTo(second.gzipBytes());
        assertThat(fresh.tag()).isEqualTo(second.tag());
    }

    @Test
    void theTagFollowsTheBytesOfTheFragmentsNotTheirIdentity() {
        Stitched.Body a = new Stitched().build(document(parts(-1)));
        Stitched.Body b = new Stitched().build(document(parts(-1))); // the same text in new parts
        Stitched.Body c = new Stitched().build(document(parts(7)));

        assertThat(b.tag()).isEqualTo(a.tag());
        assertThat(c.tag()).isNotEqualTo(a.tag());
    }

    @Test
    void aDocumentGzipWouldNotShrinkHasNoGzipCopy() {
        Stitched.Body tiny = new Stitched().build(List.of(List.of(Stitched.Part.of("{}"))));

        assertThat(tiny.identityBytes()).isEqualTo("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(tiny.gzipBytes()).isNull();
    }
}

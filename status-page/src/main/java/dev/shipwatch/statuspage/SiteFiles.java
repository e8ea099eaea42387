package dev.shipwatch.statuspage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The files browsers and crawlers ask every site for: {@code /favicon.ico} (browsers request it
 * whatever the page links), {@code /favicon.svg} (what the pages link, sharp at any size) and
 * {@code /robots.txt} (everything may be crawled: the page is public). Without them each request
 * answered the 404 page.
 */
final class SiteFiles {
    static final String FAVICON_ICO = "/favicon.ico";
    static final String FAVICON_SVG = "/favicon.svg";
    static final String ROBOTS = "/robots.txt";
    static final String ICO = "image/x-icon";
    static final String TEXT = "text/plain; charset=utf-8";
    /** The page's "operational" green (--c-ok in layout.html) with a white check mark. */
    private static final int GREEN = 0x2e9d4f;

    static final byte[] SVG = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">"
            + "<circle cx=\"8\" cy=\"8\" r=\"8\" fill=\"#2e9d4f\"/>"
            + "<path d=\"M4 8.5l2.5 2.5 5.5-6\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2\"/></svg>\n")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] ROBOTS_TXT = "User-agent: *\nAllow: /\n".getBytes(StandardCharsets.UTF_8);

    private SiteFiles() {}

    /** The three files by path, stamped {@code at}. */
    static Map<String, Resource> resources(Instant at) {
        return Map.of(FAVICON_ICO, Resource.file(ICO, ico(), at), FAVICON_SVG, Resource.svg(SVG, at),
                ROBOTS, Resource.file(TEXT, ROBOTS_TXT, at));
    }

    /**
     * The same icon as a 16×16 ICO: one 32-bit BMP image (no PNG inside, which only newer
     * readers take), drawn here rather than kept as a binary file so that it can be read.
     */
    static byte[] ico() {
        int size = 16;
        int pixels = size * size * 4;
        int mask = size * 4; // 1 bit per pixel, rows padded to 32 bits; all 0: alpha decides
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // ICONDIR: reserved, type 1 (icon), one image
        le16(out, 0);
        le16(out, 1);
        le16(out, 1);
        // ICONDIRENTRY: 16×16, no palette, 1 plane, 32 bits, its length and offset
        out.write(size);
        out.write(size);
        out.write(0);
        out.write(0);
        le16(out, 1);
        le16(out, 32);
        le32(out, 40 + pixels + mask);
        le32(out, 22);
        // BITMAPINFOHEADER: the height counts the colour and the mask halves
        le32(out, 40);
        le32(out, size);
        le32(out, size * 2);
        le16(out, 1);
        le16(out, 32);
        le32(out, 0);
        le32(out, pixels + mask);
        le32(out, 0);
        le32(out, 0);
        le32(out, 0);
        le32(out, 0);
        for (int row = size - 1; row >= 0; row--) { // bottom-up
            for (int col = 0; col < size; col++) {
                double x = col + 0.5;
                double y = row + 0.5;
                boolean inside = (x - 8) * (x - 8) + (y - 8) * (y - 8) <= 64;
                // the check mark of the SVG: (4, 8.5) → (6.5, 11) → (12, 5), 2 px wide
                boolean check = distance(x, y, 4, 8.5, 6.5, 11) <= 1 || distance(x, y, 6.5, 11, 12, 5) <= 1;
                int rgb = check ? 0xffffff : GREEN;
                out.write(rgb & 0xff);
                out.write((rgb >> 8) & 0xff);
                out.write((rgb >> 16) & 0xff);
                out.write(inside ? 0xff : 0);
            }
        }
        out.writeBytes(new byte[mask]);
        return out.toByteArray();
    }

    /** The distance of (x, y) from the segment (ax, ay)–(bx, by). */
    private static double distance(double x, double y, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
        return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >> 8) & 0xff);
    }

    private static void le32(ByteArrayOutputStream out, int v) {
        le16(out, v & 0xffff);
        le16(out, v >>> 16);
    }
}

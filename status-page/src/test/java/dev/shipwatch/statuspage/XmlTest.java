package dev.shipwatch.statuspage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What XML 1.0 can hold passes unchanged; every other character becomes U+FFFD. */
class XmlTest {
    @Test
    void legalTextPassesUnchangedAndPairedSurrogatesAreKept() {
        String legal = "tab\tLF\nCR\r \u00e9 \ud83d\ude80 \ufffd \u0085 \ud7ff \ue000";
        assertThat(Xml.legal(legal)).isSameAs(legal);
    }

    @Test
    void forbiddenCharactersAreReplaced() {
        assertThat(Xml.legal("\u0000\u0008\u000b\u000c\u001b\u001f")).isEqualTo("\ufffd".repeat(6));
        assertThat(Xml.legal("\ufffe\uffff")).isEqualTo("\ufffd\ufffd");
        assertThat(Xml.legal("\udc00x\ud800")).as("lone surrogates").isEqualTo("\ufffdx\ufffd");
        assertThat(Xml.legal("\ud800\ud800\udc00")).as("a lone high one before a pair").isEqualTo("\ufffd\ud800\udc00");
    }

    @Test
    void escapeReplacesThenEscapesMarkup() {
        assertThat(Xml.escape("<a href=\"x\">&'\u001b")).isEqualTo("&lt;a href=&quot;x&quot;&gt;&amp;&#39;\ufffd");
    }
}

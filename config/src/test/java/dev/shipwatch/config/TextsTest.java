package dev.shipwatch.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextsTest {
    @Test
    void shortTextIsKeptAndLongTextEndsWithAnEllipsisWithinTheLimit() {
        assertThat(Texts.cut("abc", 3)).isEqualTo("abc");
        assertThat(Texts.cut(null, 3)).isNull();
        assertThat(Texts.cut("abcdef", 4)).isEqualTo("abc…").hasSize(4);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String rocket = "\uD83D\uDE80"; // U+1F680, two UTF-16 chars
        String cut = Texts.cut("ab" + rocket + "cdef", 4);
        assertThat(cut).isEqualTo("ab…");
        assertThat(cut.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp))).isTrue();
        assertThat(Texts.cut("a" + rocket + "cdef", 4)).isEqualTo("a" + rocket + "…");
    }
}

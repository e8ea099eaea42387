package dev.shipwatch.statuspage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NegotiationTest {
    @ParameterizedTest(name = "Accept-Encoding \"{0}\" accepts gzip: {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip, deflate, br      | true",
            "br;q=1.0, gzip;q=0.5   | true",
            "GZIP                   | true",
            "*                      | true",
            "gzip;q=0               | false",
            "gzip; q=0.000, *       | false",
            "*;q=0                  | false",
            "identity               | false",
            "deflate, br            | false",
            "''                     | false"})
    void gzipIsAcceptedUnlessAbsentOrRefused(String header, boolean expected) {
        assertThat(Negotiation.acceptsGzip(header)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "If-None-Match {0} matches: {1}")
    @CsvSource(delimiter = '|', value = {
            "\"abc\"                | true",
            "W/\"abc\"              | true",
            "\"x\", \"abc-gzip\"    | true",
            "*                      | true",
            "\"ab\"                 | false",
            "abc                    | false"})
    void eitherRepresentationsETagMatches(String header, boolean expected) {
        assertThat(Negotiation.etagMatches(header, "\"abc\"", "\"abc-gzip\"")).isEqualTo(expected);
    }
}

package dev.shipwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@link Secrets} masks, as a table: the values it is given (the routing key, the admin
 * token, the storage password), environment values whose names look secret, and anything written
 * as a secret assignment; and what it leaves alone, so that pages stay readable.
 */
class SecretsTest {
    /** Known: the routing key, a 6-character token (the shortest masked), a 5-character one (too short), two nested ones. */
    private static final Secrets SECRETS = Secrets.of(
            List.of(Fixture.ROUTING_KEY, "t0k3n6", "shrt5", "abcdef", "abcdefgh", "a.b*c+d(e)"),
            Map.of("GITHUB_TOKEN", "ghp_envValue1", "db_password", "lowerCaseName", "HOME", "/home/shipwatch",
                    "API_KEY", "short", "PATH", "/usr/bin:/bin"));

    @ParameterizedTest(name = "{0}: \"{1}\" → \"{2}\"")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # case                                            | text                                              | cleaned
            the routing key                                   | key R0UT1NGKEY0123456789abcdefABCDEF refused      | key *** refused
            a known value of 6 characters                     | sent t0k3n6 along                                 | sent *** along
            a known value of 5 characters is too short        | sent shrt5 along                                  | sent shrt5 along
            the longer of two nested values is masked whole   | got abcdefgh and abcdef                           | got *** and ***
            a known value with regex characters, literally    | got a.b*c+d(e) and aXb*c+d(e)                     | got *** and aXb*c+d(e)
            every occurrence                                  | t0k3n6/t0k3n6                                     | ***/***
            an env value whose name looks secret              | clone https://ghp_envValue1@github.com            | clone https://***@github.com
            an env name in lower case looks secret too        | login lowerCaseName failed                        | login *** failed
            an env value whose name is not secret             | cd /home/shipwatch and /usr/bin:/bin              | cd /home/shipwatch and /usr/bin:/bin
            a secret-named env value too short to mask        | a short walk                                      | a short walk
            token=                                            | GET /x?token=abc&page=2                           | GET /x?token=***&page=2
            TOKEN = in any case and spacing                   | TOKEN = abc rest                                  | TOKEN = *** rest
            password:                                         | password: hunter2, user: bob                      | password: ***, user: bob
            a header                                          | X-Canary-Token: n0nce42 sent                      | X-Canary-Token: *** sent
            a JSON field                                      | {"user":"bob","secret":"s3"}                      | {"user":"bob","secret":"***"}
            an api key, written three ways                    | api_key=1 api-key=2 apikey=3                      | api_key=*** api-key=*** apikey=***
            a routing key assignment                          | routing_key=abc                                   | routing_key=***
            a credential assignment                           | aws.credential=xyz;next                           | aws.credential=***;next
            a passwd assignment                               | passwd=x 'then'                                   | passwd=*** 'then'
            words that only mention a secret are left alone   | token expired; password reset                     | token expired; password reset
            """)
    void aSecretIsMaskedAndOrdinaryTextIsNot(String name, String text, String cleaned) {
        assertThat(SECRETS.clean(text)).as(name).isEqualTo(cleaned);
    }

    @Test
    void nothingToCleanStaysNothing() {
        assertThat(SECRETS.clean(null)).isNull();
        assertThat(SECRETS.clean("")).isEmpty();
    }
}

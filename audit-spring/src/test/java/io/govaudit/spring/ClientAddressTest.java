package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.govaudit.Location;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    private static final ClientAddress RESOLVER =
            new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));

    /** peer | X-Forwarded-For headers (";" separates several headers, "-" none) | expected client. */
    @ParameterizedTest(name = "[{index}] {0} with {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            203.0.113.9   | -                                   | 203.0.113.9
            203.0.113.9   | 198.51.100.1                        | 203.0.113.9
            203.0.113.9   | 10.0.0.1                            | 203.0.113.9
            10.1.2.3      | -                                   | 10.1.2.3
            10.1.2.3      | 198.51.100.1                        | 198.51.100.1
            10.1.2.3      | 1.1.1.1, 198.51.100.1               | 198.51.100.1
            10.1.2.3      | 1.1.1.1, 198.51.100.1, 10.9.9.9     | 198.51.100.1
            10.1.2.3      | 1.1.1.1;198.51.100.1, 172.16.5.5    | 198.51.100.1
            10.1.2.3      | 10.2.2.2, 10.3.3.3                  | 10.2.2.2
            192.168.1.7   | 198.51.100.1                        | 198.51.100.1
            192.168.1.8   | 198.51.100.1                        | 192.168.1.8
            10.1.2.3      | 2001:db8::1                         | 2001:db8::1
            fd00::5       | 198.51.100.1                        | 198.51.100.1
            fd00::5       | 2001:db8::7, fd12::1                | 2001:db8::7
            2001:db8::9   | 198.51.100.1                        | 2001:db8::9
            0:0:0:0:0:0:0:1 | 198.51.100.1                      | 0:0:0:0:0:0:0:1
            10.1.2.3      | garbage                             | 10.1.2.3
            10.1.2.3      | 198.51.100.1:4711                   | 10.1.2.3
            10.1.2.3      | [2001:db8::1]                       | 10.1.2.3
            10.1.2.3      | example.com                         | 10.1.2.3
            10.1.2.3      | 010.1.2.3                           | 10.1.2.3
            10.1.2.3      | 256.1.2.3                           | 10.1.2.3
            10.1.2.3      | 1.1.1.1, garbage                    | 10.1.2.3
            10.1.2.3      | ''                                  | 10.1.2.3
            10.1.2.3      | 2001:db8::zz                        | 10.1.2.3
            """)
    void resolvesTheClientFromATable(String peer, String header, String expected) {
        List<String> headers = header.equals("-") ? List.of() : Arrays.asList(header.split(";"));

        String client = RESOLVER.resolve(peer, headers);

        assertThat(client).isEqualTo(expected);
        assertThat(Location.defaults().withIp(client).ip()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.1", "203.0.113.0/24", "2001:db8::/32"})
    void withoutTrustedProxiesTheHeaderIsAlwaysIgnored(String ignored) {
        ClientAddress untrusting = new ClientAddress(List.of());

        assertThat(untrusting.resolve("127.0.0.1", List.of(ignored))).isEqualTo("127.0.0.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "10.0.0.0/33", "::/129", "10.0.0.0/x", "", "10.0.0.0/"})
    void aTrustedProxyThatIsNotACidrIsRefusedAtStartup(String entry) {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of(entry)))
                .withMessageContaining("govaudit.web.trusted-proxies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-ip", "localhost", ""})
    void aPeerThatIsNotALiteralGivesNoAddress(String peer) {
        assertThat(RESOLVER.resolve(peer, List.of("198.51.100.1"))).isNull();
    }

    /** peer | Forwarded headers ("~" separates several headers, "-" none) | expected client. */
    @ParameterizedTest(name = "[{index}] {0} with {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            203.0.113.9 | for=198.51.100.1                                     | 203.0.113.9
            10.1.2.3    | -                                                    | 10.1.2.3
            10.1.2.3    | for=198.51.100.1                                     | 198.51.100.1
            10.1.2.3    | For=198.51.100.1;proto=https;by=10.1.2.3             | 198.51.100.1
            10.1.2.3    | proto=https;for=198.51.100.1                         | 198.51.100.1
            10.1.2.3    | for="198.51.100.1:4711"                              | 198.51.100.1
            10.1.2.3    | for="[2001:db8:cafe::17]:4711"                       | 2001:db8:cafe::17
            10.1.2.3    | for="[2001:db8:cafe::17]"                            | 2001:db8:cafe::17
            10.1.2.3    | for=1.1.1.1, for=198.51.100.1                        | 198.51.100.1
            10.1.2.3    | for=1.1.1.1, for=198.51.100.1, for=10.9.9.9          | 198.51.100.1
            10.1.2.3    | for=1.1.1.1~for=198.51.100.1                         | 198.51.100.1
            10.1.2.3    | for=198.51.100.1;host="a,b;c", for=10.9.9.9          | 198.51.100.1
            10.1.2.3    | for=_hidden                                          | 10.1.2.3
            10.1.2.3    | for=unknown, for=198.51.100.1                        | 198.51.100.1
            10.1.2.3    | for=198.51.100.1, for=unknown                        | 10.1.2.3
            10.1.2.3    | proto=https                                          | 10.1.2.3
            10.1.2.3    | for=example.com                                      | 10.1.2.3
            10.1.2.3    | for="[2001:db8::zz]:1"                               | 10.1.2.3
            10.1.2.3    | for="unterminated                                    | 10.1.2.3
            10.1.2.3    | ''                                                   | 10.1.2.3
            """)
    void resolvesTheClientFromForwardedHeaders(String peer, String header, String expected) {
        List<String> headers = header.equals("-") ? List.of() : Arrays.asList(header.split("~"));

        assertThat(RESOLVER.resolveForwarded(peer, headers)).isEqualTo(expected);
    }

    @Test
    void aResolverForForwardedIgnoresXForwardedForAndTheOtherWayRound() {
        ClientAddress forwarded = new ClientAddress(List.of("127.0.0.1"), ClientAddress.Header.FORWARDED);
        ClientAddress xff = new ClientAddress(List.of("127.0.0.1"));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/x");
        request.setRemoteAddr("127.0.0.1");
        request.addHeader("Forwarded", "for=198.51.100.1");
        request.addHeader("X-Forwarded-For", "203.0.113.66");

        assertThat(forwarded.resolve(request)).isEqualTo("198.51.100.1");
        assertThat(xff.resolve(request)).isEqualTo("203.0.113.66");
    }

    @Test
    void aWrapperThatRewritesThePeerIsLookedThrough() {
        MockHttpServletRequest delivered = new MockHttpServletRequest("POST", "/api/x");
        delivered.setRemoteAddr("203.0.113.9");
        delivered.addHeader("X-Forwarded-For", "198.51.100.1");
        // what ForwardedHeaderFilter does for any client: believes the header, hides it
        HttpServletRequestWrapper believing = new HttpServletRequestWrapper(delivered) {
            @Override
            public String getRemoteAddr() {
                return "198.51.100.1";
            }
        };

        assertThat(RESOLVER.resolve(believing)).isEqualTo("203.0.113.9");
    }
}

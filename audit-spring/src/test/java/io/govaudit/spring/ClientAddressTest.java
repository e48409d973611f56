package io.govaudit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.govaudit.Location;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
}

package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The literal-only IP check against the JDK's parser, on texts the JDK parses without a name
 * lookup: every text containing {@code ':'} is an IPv6 literal to the JDK, valid or not, and
 * texts of digits and dots are IPv4 literals once accepted here. What is accepted here is always
 * a literal to the JDK.
 */
class IpLiteralsTest {

    private static final String[] PIECES = {"0", "1", "7", "25", "255", "256", "01", "a", "ff", "FFFF", "db8", "12345",
        ":", ":", "::", ".", ".", "10.1.2.3", "::ffff:", "1:2:3:4:", "5:6:7:8"};

    /**
     * Where this check is stricter than the JDK, on purpose: a group of more than four hex digits
     * (RFC 4291 allows one to four; the JDK takes {@code 01db8}) and a decimal part with a leading zero.
     */
    private static final Pattern STRICTER = Pattern.compile("[0-9a-fA-F]{5,}|(^|[.:])0[0-9]");

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(8); n > 0; n--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    @Test
    void isIpLiteral_randomTextsWithColon_agreesWithTheJdkIpv6Parser() {
        Random random = new Random(11);
        int accepted = 0;
        int tried = 0;
        for (int round = 0; round < 50_000; round++) {
            String s = randomText(random);
            if (s.indexOf(':') < 0) {
                continue;
            }
            tried++;
            boolean ours = IpLiterals.isIpLiteral(s);
            accepted += ours ? 1 : 0;
            if (ours || !STRICTER.matcher(s).find()) {
                assertThat(ours).as(s).isEqualTo(jdkParsesAsLiteral(s));
            }
        }
        assertThat(accepted).as("the generator reaches valid literals").isGreaterThan(100);
        assertThat(tried - accepted).as("and invalid ones").isGreaterThan(1000);
    }

    @Test
    void isIpLiteral_acceptedDottedTexts_areIpv4LiteralsToTheJdk() throws Exception {
        Random random = new Random(12);
        int accepted = 0;
        for (int round = 0; round < 50_000; round++) {
            String s = randomText(random).replace(":", "").replace("a", "").replace("f", "").replace("F", "")
                    .replace("d", "").replace("b", "");
            if (IpLiterals.isIpLiteral(s)) {
                accepted++;
                assertThat(InetAddress.getByName(s).getHostAddress()).as(s).isEqualTo(s);
            }
        }
        assertThat(accepted).as("the generator reaches valid literals").isGreaterThan(100);
    }

    @Test
    void isIpLiteral_ipv4WithLeadingZeroOrOverflow_isFalse() {
        assertThat(IpLiterals.isIpLiteral("1.2.3.04")).isFalse();
        assertThat(IpLiterals.isIpLiteral("1.2.3.256")).isFalse();
        assertThat(IpLiterals.isIpLiteral("1.2.3.0")).isTrue();
    }

    /** A text with ':' is never looked up by the JDK: it is an IPv6 literal or an error. */
    private static boolean jdkParsesAsLiteral(String s) {
        try {
            InetAddress.getByName(s);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}

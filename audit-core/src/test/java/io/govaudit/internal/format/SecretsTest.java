package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shape rule of {@link Secrets#mask}, from a table: each row is the text an application
 * passes and the text stored (the table in docs/operations.md, "Secrets", is taken from here).
 */
class SecretsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # parameters and connection strings with a secret name
            jdbc:postgresql://db/app?user=app&password=hunter2&ssl=true | jdbc:postgresql://db/app?user=app&password=<masked>&ssl=true
            Server=db;User Id=sa;Password=hunter2;                      | Server=db;User Id=sa;Password=<masked>;
            Server=db;User Id=sa;Pwd = hunter2                          | Server=db;User Id=sa;Pwd = <masked>
            host=db pass=hunter2 port=5432                              | host=db pass=<masked> port=5432
            https://api.example/x?api_key=AKIA123&q=1                   | https://api.example/x?api_key=<masked>&q=1
            callback?access_token=ya29.a0Af&state=1                     | callback?access_token=<masked>&state=1
            secret=s3cr3t                                               | secret=<masked>
            token=abc;                                                  | token=<masked>;
            client_secret="two words"                                   | client_secret="<masked>"
            `pin='1234'`                                                | `pin='<masked>'`
            Cookie: JSESSIONID=0A1B2C3D; theme=dark                     | Cookie: <masked>; theme=dark
            Cookie: theme=dark; JSESSIONID=0A1B2C3D                     | Cookie: <masked>; JSESSIONID=<masked>
            X-Api-Key: k-12345                                          | X-Api-Key: <masked>
            Authorization=Bearer eyJhbGciOi.x.y more                    | Authorization=<masked> more
            # the name rule errs towards masking: a secret word anywhere in the name
            password_policy: see the handbook                           | password_policy: <masked> the handbook
            # credentials in URLs: the user is kept
            https://alice:hunter2@example.org/path                      | https://alice:<masked>@example.org/path
            postgres://app:p@ss:w0rd@db:5432/app                        | postgres://app:<masked>@db:5432/app
            see ftp://bob:pw@files.example and more                     | see ftp://bob:<masked>@files.example and more
            # HTTP authorization credentials
            Authorization: Bearer abcdefghijklmnop.qrs                  | Authorization: <masked>
            Authorization: Bearer abcdefghijklmnop                      | Authorization: <masked>
            token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln ok          | token <masked> ok
            compass=north&bypass_count=3&spinner=on                     | compass=north&bypass_count=3&spinner=on
            sent bearer  AbCdEf0123456789+/== to the API                | sent bearer  <masked> to the API
            Basic dXNlcjpwYXNzd29yZA==                                  | Basic <masked>
            # JWT and PEM
            token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl ok  | token <masked> ok
            eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.                        | <masked>
            k=-----BEGIN PRIVATE KEY-----MIIEvQIBADANBg-----END PRIVATE KEY----- rest | k=<masked> rest
            -----BEGIN CERTIFICATE-----MIIB                             | <masked>
            # look-alikes: kept as given
            compass=north&bypass_count=3&spinner=on&opinion=yes         | compass=north&bypass_count=3&spinner=on&opinion=yes
            passport_no=A123456789&session.timeout=30m                  | passport_no=A123456789&session.timeout=30m
            Basic training completed                                    | Basic training completed
            the bearer of this card                                     | the bearer of this card
            https://example.org/path?q=1                                | https://example.org/path?q=1
            mailto:alice@example.org                                    | mailto:alice@example.org
            https://alice@example.org/                                  | https://alice@example.org/
            keyboard=us&monkey=1                                        | keyboard=us&monkey=1
            password= ;                                                 | password= ;
            eyJhbGciOiJIUzI1NiJ9 alone                                  | eyJhbGciOiJIUzI1NiJ9 alone
            a --- b ----- c                                             | a --- b ----- c
            臺灣 案件審查 2026-118                                        | 臺灣 案件審查 2026-118
            """)
    void mask_tableOfTexts_storesTheExpectedText(String given, String stored) {
        assertThat(Secrets.mask(given)).isEqualTo(stored);
    }

    @Test
    void mask_textWithoutSecret_returnsTheSameInstance() {
        String text = "POST /admin/users/u-1042/lock reason=5 failed logins";

        assertThat(Secrets.mask(text)).isSameAs(text);
    }

    @Test
    void mask_maskedText_isUnchangedByASecondPass() {
        String once = Secrets.mask("a?password=x&token=y https://u:p@h/ Bearer abcdefghijk");

        assertThat(Secrets.mask(once)).isEqualTo(once);
    }

    @Test
    void mask_pemWithLineBreaks_masksTheWholeBlock() {
        String pem = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nIBAAKCAQ\n-----END RSA PRIVATE KEY-----\nend";

        assertThat(Secrets.mask(pem)).isEqualTo("key:\n<masked>\nend");
    }
}

package io.govaudit.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.govaudit.AuditEvent;
import io.govaudit.PersonalDataMasking;
import io.govaudit.PersonalDataMasking.Rule;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The built-in rules of {@link PersonalData#mask}, from a table: each row is the text an
 * application passes and the text stored (the table in docs/operations.md, "Personal data", is
 * taken from here). Real-looking identifiers have valid check digits; look-alikes must survive.
 */
class PersonalDataTest {

    private static final PersonalData DEFAULTS = PersonalData.of(PersonalDataMasking.defaults(),
            new SessionHasher(new byte[32]));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # the issue's example
            申請人 A123456789 手機 0912-345-678 信箱 chen.meiling@example.gov.tw 卡號 4111 1111 1111 1111 | 申請人 A12*****89 手機 09**-***-678 信箱 c***@example.gov.tw 卡號 **** **** **** 1111
            # national IDs: checksum-valid, lower case, full width, at the edges, in CJK text, several
            A123456789                                   | A12*****89
            a123456789                                   | a12*****89
            F222222222 and Z100000002                    | F22*****22 and Z10*****02
            身分證A123456789。                            | 身分證A12*****89。
            ＩＤ：Ａ１２３４５６７８９，                  | ＩＤ：Ａ１２*****８９，
            (B287654326)                                 | (B28*****26)
            I100000003;O200000006;W100000001             | I10*****03;O20*****06;W10*****01
            # resident certificates: since 2021 and old format
            居留證 A800000014                            | 居留證 A80*****14
            C934567899                                   | C93*****99
            AA00000009 / AB12345677 / FD23456788          | AA0*****09 / AB1*****77 / FD2*****88
            # look-alikes: wrong check digit, inside longer runs, wrong shape
            A123456788                                   | A123456788
            XA123456789Y                                 | XA123456789Y
            A1234567890                                  | A1234567890
            A323456789                                   | A323456789
            AE12345678                                   | AE12345678
            ref_A123456789                               | ref_A12*****89
            # mobiles
            0912345678                                   | 09*****678
            0912 345 678                                 | 09** *** 678
            0912-345678                                  | 09**-***678
            ０９１２－３４５－６７８                      | ０９**－***－６７８
            +886 912 345 678                             | +886 9** *** 678
            +886-912-345-678                             | +886-9**-***-678
            +886912345678                                | +8869*****678
            886912345678                                 | 8869*****678
            +886-0912-345-678                            | +886-09**-***-678
            手機:0912345678,0933-111-222                  | 手機:09*****678,09**-***-222
            # landlines
            (02) 2345-6789                               | (02) ****-**89
            (02)2345-6789                                | (02)****-**89
            02-2345-6789                                 | 02-****-**89
            0223456789                                   | 02******89
            037-123456                                   | 037-****56
            049-2345678                                  | 049-*****78
            04-2345-6789 and 04-7234567                  | 04-****-**89 and 04-*****67
            07 3456789                                   | 07 *****89
            082-312345 / 0826-23456 / 0836-22345          | 082-****45 / 0826-***56 / 0836-***45
            +886-2-2345-6789                             | +886-2-****-**89
            +886 7 345 6789                              | +886 7 *** **89
            # toll-free and short numbers are not personal lines
            0800-123-456                                 | 0800-123-456
            2345-6789                                    | 2345-6789
            02-0234-5678                                 | 02-0234-5678
            # e-mail
            chen.meiling@example.gov.tw                  | c***@example.gov.tw
            <Alice.W+tag@Mail.Example.COM>               | <A***@Mail.Example.COM>
            信箱：wang_1@moi.gov.tw。                      | 信箱：w***@moi.gov.tw。
            mail a@b.tw.                                 | mail a***@b.tw.
            a0912345678@example.tw                       | a***@example.tw
            0912345678@example.tw                        | 0***@example.tw
            user@localhost and @handle and x@1.2         | user@localhost and @handle and x@1.2
            # payment cards
            4111111111111111                             | ************1111
            4111-1111-1111-1111                          | ****-****-****-1111
            5555 5555 5555 4444 NT$ 100                  | **** **** **** 4444 NT$ 100
            4111 1111 1111 1111 100                      | **** **** **** 1111 100
            3782 822463 10005                            | **** ****** *0005
            4222222222222                                | *********2222
            ５５５５５５５５５５５５４４４４               | ************４４４４
            4111 1111 1111 1112                          | 4111 1111 1111 1112
            4111-1111 1111-1111                          | 4111-1111 1111-1111
            # ordinary numbers survive
            seq 1130012345 case 113-0012345 NT$1,234,567  | seq 1130012345 case 113-0012345 NT$1,234,567
            2026-05-01T08:00:00.123456Z                  | 2026-05-01T08:00:00.123456Z
            10.0.0.50 192.168.100.200 ::1                 | 10.0.0.50 192.168.100.200 ::1
            1714550400000 1714550400                     | 1714550400000 1714550400
            3.1415926535897932 0.0912345678              | 3.1415926535897932 0.0912345678
            2026 05 01 12 30 45                          | 2026 05 01 12 30 45
            v0912345678 0912345678x                      | v0912345678 0912345678x
            """)
    void mask_table(String input, String stored) {
        assertThat(DEFAULTS.mask(input)).isEqualTo(stored);
        assertThat(DEFAULTS.mask(stored)).as("idempotent").isEqualTo(stored);
    }

    @Test
    void mask_noDigitNoAt_returnsSameInstance() {
        String text = "使用者變更了工作階段逾時設定 session timeout changed";
        assertThat(DEFAULTS.mask(text)).isSameAs(text);
        String withDigits = "case 1130012345 on 2026-05-01";
        assertThat(DEFAULTS.mask(withDigits)).isSameAs(withDigits);
    }

    @Test
    void mask_keyedHash_appendsSameHashForSamePersonInAnyLayout() {
        PersonalData hashing = PersonalData.of(PersonalDataMasking.builder().keyedHash(true).build(),
                new SessionHasher(new byte[32]));
        String a = hashing.mask("0912-345-678");
        String b = hashing.mask("+886 912 345 678");
        assertThat(a).matches("09\\*\\*-\\*\\*\\*-678#[0-9a-f]{8}");
        assertThat(b.substring(b.indexOf('#'))).isEqualTo(a.substring(a.indexOf('#')));
        assertThat(hashing.mask("a123456789")).endsWith(hashing.mask("A123456789").substring(10));
        assertThat(hashing.mask(a)).as("idempotent").isEqualTo(a);
        String email = hashing.mask("chen.meiling@example.gov.tw");
        assertThat(email).matches("c\\*\\*\\*@example\\.gov\\.tw#[0-9a-f]{8}");
        assertThat(hashing.mask(email)).isEqualTo(email);
    }

    @Test
    void mask_keyedHash_dependsOnTheKey() {
        PersonalDataMasking policy = PersonalDataMasking.builder().keyedHash(true).build();
        String one = PersonalData.of(policy, new SessionHasher(new byte[32])).mask("A123456789");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThat(PersonalData.of(policy, new SessionHasher(other)).mask("A123456789")).isNotEqualTo(one);
        // the derived key is not the session key: a session id equal to the value hashes differently
        assertThat(one).doesNotContain(new SessionHasher(new byte[32]).hash("A123456789", 4));
    }

    @Test
    void mask_rulesOff_keepsThoseIdentifiers() {
        PersonalData onlyIds = PersonalData.of(PersonalDataMasking.builder().rules(Rule.TW_ID).build(),
                new SessionHasher(new byte[32]));
        assertThat(onlyIds.mask("A123456789 A800000014 0912345678 a@b.tw 4111111111111111"))
                .isEqualTo("A12*****89 A800000014 0912345678 a@b.tw 4111111111111111");
        PersonalData none = PersonalData.of(PersonalDataMasking.builder().rules().build(),
                new SessionHasher(new byte[32]));
        String text = "A123456789";
        assertThat(none.mask(text)).isSameAs(text);
    }

    @Test
    void mask_customPattern_runsAfterBuiltInRules() {
        PersonalData custom = PersonalData.of(PersonalDataMasking.builder()
                .pattern("NHI_CARD", Pattern.compile("\\b0000\\d{8}\\b")).build(), new SessionHasher(new byte[32]));
        assertThat(custom.mask("健保卡 000012345678 A123456789")).isEqualTo("健保卡 ************ A12*****89");
    }

    @Test
    void mask_customPatternBacktracksWithoutBound_masksWholeString() {
        PersonalData runaway = PersonalData.of(PersonalDataMasking.builder()
                .pattern("RUNAWAY", Pattern.compile("(.*a){12}b")).build(), new SessionHasher(new byte[32]));
        assertThat(runaway.mask("a".repeat(26) + "c")).isEqualTo(AuditEvent.MASKED);
        assertThat(runaway.mask("no match here")).isEqualTo("no match here");
    }

    @Test
    void describe_defaultsAndCustom() {
        assertThat(PersonalDataMasking.defaults().describe())
                .isEqualTo("TW_ID,TW_RESIDENT_ID,MOBILE,LANDLINE,EMAIL,CARD;custom=0;hash=off");
        assertThat(PersonalDataMasking.builder().rules().pattern("NHI", Pattern.compile("x")).keyedHash(true).build()
                .describe()).isEqualTo("none;custom=1:NHI;hash=on");
    }
}

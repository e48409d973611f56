package io.govaudit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.govaudit.internal.format.RecordFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HashAhead}: the bytes read through it are the source's bytes, and a digest is handed out
 * only for the line it was computed over, whatever the chunk boundaries; failures reach the
 * reader, and closing stops the thread.
 */
@Timeout(60)
class HashAheadTest {

    /** Lines of random length (some longer than a chunk), LF-ended, the last one without LF. */
    private static byte[] lines(long seed, int count, List<int[]> spans) {
        Random random = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int length = i % 97 == 5 ? HashAhead.CHUNK_BYTES + random.nextInt(1000) // longer than a chunk
                    : i % 13 == 0 ? random.nextInt(RecordFormat.HASH_SUFFIX_LENGTH + 1) // too short to hold a hash
                    : 100 + random.nextInt(900);
            byte[] line = new byte[length];
            for (int k = 0; k < length; k++) {
                line[k] = (byte) (' ' + random.nextInt(90));
            }
            spans.add(new int[] {out.size(), length});
            out.write(line, 0, length);
            if (i < count - 1) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static byte[] sha256OfP(byte[] bytes, int start, int length) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(bytes, start, length - RecordFormat.HASH_SUFFIX_LENGTH);
        return sha256.digest();
    }

    /**
     * Reads like the verifier (odd read sizes, each line's digest asked for in order) but slowly
     * enough that the thread has hashed what it was handed: every digest it hands out must be
     * the digest of exactly that line.
     */
    @Test
    void readThrough_sameBytes_andEveryDigestHandedOutIsThatLinesDigest() throws Exception {
        List<int[]> spans = new ArrayList<>();
        byte[] data = lines(17, 3000, spans);
        Random sizes = new Random(3);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        int handedOut = 0;
        int asked = 0;
        try (HashAhead ahead = new HashAhead(new ByteArrayInputStream(data), "test-hash")) {
            byte[] buf = new byte[70_000];
            int next = 0; // the next line to ask for
            int n;
            while ((n = ahead.read(buf, 0, 1 + sizes.nextInt(buf.length - 1))) >= 0) {
                read.write(buf, 0, n);
                // a verifier checks records meanwhile: the thread hashes 256 KiB in well under 1 ms
                Thread.sleep(20);
                // every line whose LF has been read so far
                while (next < spans.size() - 1 && spans.get(next)[0] + spans.get(next)[1] < read.size()) {
                    int[] span = spans.get(next++);
                    if (span[1] <= RecordFormat.HASH_SUFFIX_LENGTH) {
                        continue; // the verifier never asks for a line that does not parse
                    }
                    asked++;
                    byte[] digest = ahead.digest(span[0], span[1]);
                    if (digest != null) {
                        handedOut++;
                        assertThat(digest).as("digest of line %d", next - 1)
                                .isEqualTo(sha256OfP(data, span[0], span[1]));
                    }
                }
            }
        }
        assertThat(read.toByteArray()).isEqualTo(data);
        // lines spanning a chunk boundary (and those longer than a chunk) are left to the verifier
        assertThat(handedOut).isGreaterThan(asked * 8 / 10).isLessThan(asked);
    }

    @Test
    void askingAtOnce_digestsAreNullOrRight_andTheBytesTheSame() throws Exception {
        List<int[]> spans = new ArrayList<>();
        byte[] data = lines(29, 4000, spans);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (HashAhead ahead = new HashAhead(new ByteArrayInputStream(data), "test-hash")) {
            byte[] buf = new byte[1 << 20];
            int next = 0;
            int n;
            while ((n = ahead.read(buf, 0, buf.length)) >= 0) {
                read.write(buf, 0, n);
                while (next < spans.size() - 1 && spans.get(next)[0] + spans.get(next)[1] < read.size()) {
                    int[] span = spans.get(next++);
                    if (span[1] > RecordFormat.HASH_SUFFIX_LENGTH) {
                        byte[] digest = ahead.digest(span[0], span[1]);
                        if (digest != null) {
                            assertThat(digest).isEqualTo(sha256OfP(data, span[0], span[1]));
                        }
                    }
                }
            }
        }
        assertThat(read.toByteArray()).isEqualTo(data);
    }

    @Test
    void digest_forALineOfAnotherLengthOrStart_isNull() throws Exception {
        String text = "x".repeat(200) + "\n" + "y".repeat(300) + "\n";
        byte[] data = text.getBytes(StandardCharsets.US_ASCII);
        try (HashAhead ahead = new HashAhead(new ByteArrayInputStream(data), "test-hash")) {
            byte[] buf = new byte[data.length];
            buf[0] = (byte) ahead.read(); // one byte, then the rest
            assertThat(ahead.readNBytes(buf, 1, buf.length - 1)).isEqualTo(data.length - 1);
            assertThat(buf).isEqualTo(data);
            assertThat(ahead.read()).as("at the end").isEqualTo(-1);
            Thread.sleep(200); // both lines hashed by now
            assertThat(ahead.digest(0, 199)).isNull(); // same start, other length: not handed out
            assertThat(ahead.digest(201, 300)).isEqualTo(sha256OfP(data, 201, 300));
            assertThat(ahead.digest(0, 200)).as("asked out of order").isNull();
        }
    }

    @Test
    void readFailure_reachesTheReader_afterTheBytesBeforeIt() throws Exception {
        byte[] good = "a".repeat(HashAhead.CHUNK_BYTES + 10).getBytes(StandardCharsets.US_ASCII);
        InputStream failing = new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at == good.length) {
                    throw new IOException("disk gone");
                }
                return good[at++];
            }
        };
        try (HashAhead ahead = new HashAhead(failing, "test-hash")) {
            byte[] first = new byte[HashAhead.CHUNK_BYTES];
            assertThat(ahead.readNBytes(first, 0, first.length)).isEqualTo(first.length);
            assertThat(first).isEqualTo(Arrays.copyOf(good, first.length));
            byte[] rest = new byte[100];
            assertThat(ahead.read(rest, 0, 100)).as("the 10 bytes read before the failure").isEqualTo(10);
            assertThatThrownBy(() -> ahead.read(rest, 0, 100)).isInstanceOf(IOException.class)
                    .hasMessageContaining("disk gone");
        }
    }

    @Test
    void close_whileTheThreadWaitsForRoom_stopsIt() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                reading.countDown();
                return 'z';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                reading.countDown();
                Arrays.fill(b, off, off + len, (byte) 'z');
                return len;
            }
        };
        HashAhead ahead = new HashAhead(endless, "test-hash-close");
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        ahead.close(); // the queue of chunks is full by now, or about to be
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("test-hash-close"));
    }
}

package io.govaudit.internal.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;

/** PEM armour (RFC 7468) for one object per file. Stateless and thread-safe. */
final class Pem {

    private Pem() {
    }

    static byte[] decode(String text, String label, Path file) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " is not a PEM file holding a " + label.toLowerCase(java.util.Locale.ROOT));
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " holds invalid base64 between its PEM lines", e);
        }
    }

    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}

package io.govaudit.internal.store;

import java.io.IOException;
import java.util.Locale;

/**
 * Classifies store failures. Java reports ENOSPC only as an {@link IOException} whose message is
 * the C library's text, so the text is all there is to go on; the classification only decides
 * whether releasing the reserve or purging can help, never whether a failure is a failure.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /**
     * Tells whether a failure means the device or a quota is full.
     *
     * @param failure the failure
     * @return true for ENOSPC or EDQUOT
     */
    public static boolean isNoSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String text = message.toLowerCase(Locale.ROOT);
                if (text.contains("no space left") || text.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }
}

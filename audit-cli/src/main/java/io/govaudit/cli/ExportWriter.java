package io.govaudit.cli;

import io.govaudit.query.StoredRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes exported records in one of {@code export}'s formats. Not thread-safe.
 */
interface ExportWriter {

    /**
     * Writes one record.
     *
     * @param record the record as stored
     * @throws IOException if the output cannot be written
     */
    void write(StoredRecord record) throws IOException;

    /**
     * Writes what is buffered; the caller closes the stream.
     *
     * @throws IOException if the output cannot be written
     */
    void finish() throws IOException;

    /**
     * JSON Lines: each stored line verbatim, UTF-8, ending in LF, so that every line still
     * verifies (docs/format.md sections 1-2) and a whole chain exported is a segment of it.
     *
     * @param out where to write
     * @return the writer
     */
    static ExportWriter jsonLines(OutputStream out) {
        return new ExportWriter() {
            @Override
            public void write(StoredRecord record) throws IOException {
                out.write(record.line().getBytes(StandardCharsets.UTF_8));
                out.write('\n');
            }

            @Override
            public void finish() throws IOException {
                out.flush();
            }
        };
    }

    /**
     * CSV for people: see {@link CsvWriter}.
     *
     * @param out where to write
     * @return the writer, which has written the byte order mark and the header row
     * @throws IOException if the output cannot be written
     */
    static ExportWriter csv(OutputStream out) throws IOException {
        return new CsvWriter(out);
    }
}

package io.govaudit.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code AUTO} sends small batches one way and large ones the other, at the documented size. */
class RowWriterTest {

    @Test
    void bySize_batchesUnderTheThresholdGoToSmall_fromItToLarge() throws Exception {
        List<String> calls = new ArrayList<>();
        RowWriter small = (connection, chain, rows) -> calls.add("small " + rows.size());
        RowWriter large = (connection, chain, rows) -> calls.add("large " + rows.size());
        RowWriter writer = RowWriter.bySize(small, large, 64);

        writer.insert((Connection) null, "c", Collections.nCopies(1, (StagedRow) null));
        writer.insert((Connection) null, "c", Collections.nCopies(63, (StagedRow) null));
        writer.insert((Connection) null, "c", Collections.nCopies(64, (StagedRow) null));
        writer.insert((Connection) null, "c", Collections.nCopies(4096, (StagedRow) null));

        assertThat(calls).containsExactly("small 1", "small 63", "large 64", "large 4096");
    }
}

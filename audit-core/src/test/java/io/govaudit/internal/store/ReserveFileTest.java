package io.govaudit.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The space held back for the trail's own records (docs/format.md section 7). */
class ReserveFileTest {

    @TempDir
    Path chainDir;

    @Test
    void ensure_noReserve_createsTheReserveOfZerosAndNoTmpIsLeft() throws IOException {
        ReserveFile reserve = new ReserveFile(chainDir);

        IOException failure = reserve.ensure(100_000);

        assertThat(failure).isNull();
        byte[] bytes = Files.readAllBytes(chainDir.resolve(SegmentNames.RESERVE_FILE));
        assertThat(bytes).hasSize(100_000).containsOnly(0);
        assertThat(chainDir.resolve(SegmentNames.RESERVE_FILE + ".tmp")).doesNotExist();
    }

    @Test
    void ensure_reserveExists_keepsItAsItIs() throws IOException {
        Path existing = Files.writeString(chainDir.resolve(SegmentNames.RESERVE_FILE), "kept");

        assertThat(new ReserveFile(chainDir).ensure(100_000)).isNull();

        assertThat(existing).hasContent("kept");
    }

    @Test
    void ensure_leftoverTmpFromACrash_isRewrittenToTheRightSize() throws IOException {
        Files.write(chainDir.resolve(SegmentNames.RESERVE_FILE + ".tmp"), new byte[300_000]);

        assertThat(new ReserveFile(chainDir).ensure(70_000)).isNull();

        assertThat(Files.size(chainDir.resolve(SegmentNames.RESERVE_FILE))).isEqualTo(70_000);
        assertThat(chainDir.resolve(SegmentNames.RESERVE_FILE + ".tmp")).doesNotExist();
    }

    @Test
    void ensure_directoryMissing_returnsTheFailureInsteadOfThrowing() {
        ReserveFile reserve = new ReserveFile(chainDir.resolve("gone"));

        assertThat(reserve.ensure(1024)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void release_reserveExists_deletesItAndSaysSo() throws IOException {
        ReserveFile reserve = new ReserveFile(chainDir);
        reserve.ensure(1024);

        assertThat(reserve.release()).isTrue();

        assertThat(reserve.path()).doesNotExist();
        assertThat(reserve.release()).isFalse();
    }
}

package io.govaudit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReceiptTest {

    @Test
    void durable_hasItsSeqAndIsRecorded() {
        Receipt receipt = Receipt.durable(42);

        assertThat(receipt.status()).isEqualTo(Receipt.Status.DURABLE);
        assertThat(receipt.seq()).hasValue(42);
        assertThat(receipt.durable()).isTrue();
        assertThat(receipt.recorded()).isTrue();
        assertThat(receipt).isEqualTo(Receipt.durable(42)).isNotEqualTo(Receipt.durable(43));
        assertThat(receipt).hasToString("Receipt[DURABLE, seq=42]");
    }

    @Test
    void queued_hasNoSeqYetButIsRecorded() {
        assertThat(Receipt.queued().seq()).isEmpty();
        assertThat(Receipt.queued().durable()).isFalse();
        assertThat(Receipt.queued().recorded()).isTrue();
    }

    @Test
    void notRecorded_hasNoSeqAndIsNotRecorded() {
        assertThat(Receipt.notRecorded().status()).isEqualTo(Receipt.Status.NOT_RECORDED);
        assertThat(Receipt.notRecorded().seq()).isEmpty();
        assertThat(Receipt.notRecorded().recorded()).isFalse();
    }

    @Test
    void durable_seqBelowOne_isRefused() {
        assertThatThrownBy(() -> Receipt.durable(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0");
    }
}

package io.xuanxuan.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

class DuplicateKeysTest {

    @Test
    void recognizesTheDriversExceptionItself() {
        assertThat(DuplicateKeys.isDuplicateKey(new R2dbcDataIntegrityViolationException("Duplicate entry"))).isTrue();
        assertThat(DuplicateKeys.isDuplicateKey(new DataIntegrityViolationException("duplicate key"))).isTrue();
    }

    /** A transaction or a batch wraps the driver's exception: the violation is a cause, not the error itself. */
    @Test
    void recognizesAViolationWrappedInAnotherException() {
        Throwable wrapped = new TransactionSystemException("commit failed",
                new IllegalStateException("batch failed", new R2dbcDataIntegrityViolationException("Duplicate entry")));

        assertThat(DuplicateKeys.isDuplicateKey(wrapped)).isTrue();
    }

    @Test
    void anyOtherErrorIsNotADuplicateKey() {
        assertThat(DuplicateKeys.isDuplicateKey(new R2dbcTransientResourceException("connection lost"))).isFalse();
        assertThat(DuplicateKeys.isDuplicateKey(new IllegalStateException("x", new RuntimeException("y")))).isFalse();
        assertThat(DuplicateKeys.isDuplicateKey(null)).isFalse();
    }
}

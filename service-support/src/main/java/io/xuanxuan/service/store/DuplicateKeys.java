package io.xuanxuan.service.store;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Recognizes a unique-key violation, however the driver and Spring wrap it: the whole cause chain is
 * searched, because a transaction or a batch wraps the driver's exception in one of its own.
 */
public final class DuplicateKeys {

    private DuplicateKeys() {
    }

    public static boolean isDuplicateKey(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof DataIntegrityViolationException || e instanceof R2dbcDataIntegrityViolationException) {
                return true;
            }
        }
        return false;
    }
}

package io.xuanxuan.chat.store;

import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import org.springframework.dao.DataIntegrityViolationException;

/** Recognizes a unique-key violation, however the driver and Spring wrap it. */
public final class DuplicateKeys {

    private DuplicateKeys() {
    }

    public static boolean isDuplicateKey(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof DataIntegrityViolationException || e instanceof R2dbcDataIntegrityViolationException) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }
}

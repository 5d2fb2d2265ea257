package io.xuanxuan.model.xxc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The 2.x clients' frame cipher (xxc-2x-dialect.md A.4): AES-256-CBC with PKCS#7 padding, the key the 32 ASCII
 * bytes of the login's token, the IV its first 16 characters (the same IV for every frame: that is what the
 * clients do, in {@code user.js get cipherIV}). Immutable and thread-safe (a {@link Cipher} per call).
 */
public final class XxcCipher {

    /** A frame that is not a whole number of blocks, or whose padding is wrong: not encrypted with this key. */
    public static final class UndecryptableException extends Exception {
        public UndecryptableException(String message) {
            super(message, null, false, false);
        }
    }

    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding"; // PKCS#5 in the JDK's name is PKCS#7 on 16-byte blocks

    private final SecretKeySpec key;
    private final IvParameterSpec iv;

    /** @throws IllegalArgumentException a token that is not 32 ASCII characters */
    public XxcCipher(String token) {
        if (token == null || token.length() != XxcTokens.TOKEN_LENGTH
                || !StandardCharsets.US_ASCII.newEncoder().canEncode(token)) {
            throw new IllegalArgumentException("a 2.x token is 32 ASCII characters");
        }
        byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
        this.key = new SecretKeySpec(bytes, "AES");
        this.iv = new IvParameterSpec(bytes, 0, 16);
    }

    public byte[] encrypt(byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, iv);
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is part of every JDK", e);
        }
    }

    public byte[] decrypt(byte[] encrypted) throws UndecryptableException {
        if (encrypted.length == 0 || encrypted.length % 16 != 0) {
            throw new UndecryptableException("an AES frame is a non-empty multiple of 16 bytes, this one is "
                    + encrypted.length + " bytes");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, iv);
            return cipher.doFinal(encrypted);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new UndecryptableException("the frame is not encrypted with this connection's token");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CBC is part of every JDK", e);
        }
    }
}

package io.xuanxuan.model.protocol;

/** A request that was understood but whose fields are wrong; the message is shown to the person. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}

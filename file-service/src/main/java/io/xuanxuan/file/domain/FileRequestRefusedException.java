package io.xuanxuan.file.domain;

import io.xuanxuan.model.protocol.Result;

/**
 * A request the file service refuses, with the HTTP status, the protocol result ({@code denied} for
 * authentication and permission, {@code fail} otherwise) and a sentence a person can act on.
 */
public class FileRequestRefusedException extends RuntimeException {

    /** Why, for metrics (tag {@code reason}) and the HTTP status. */
    public enum Reason {
        UNAUTHENTICATED(401, true),
        FORBIDDEN(403, true),
        CHAT_NOT_FOUND(404, false),
        FILE_NOT_FOUND(404, false),
        MISSING_GID(400, false),
        BAD_REQUEST(400, false),
        EMPTY_UPLOAD(400, false),
        TOO_MANY_FILES(400, false),
        TOO_LARGE(413, false),
        NOT_MULTIPART(415, false),
        RANGE_NOT_SATISFIABLE(416, false),
        /** Not a refusal: the server failed; counted with the refusals so one meter shows every non-success. */
        SERVER_ERROR(500, false);

        private final int status;
        private final boolean denied;

        Reason(int status, boolean denied) {
            this.status = status;
            this.denied = denied;
        }

        public int status() {
            return status;
        }

        public Result result() {
            return denied ? Result.DENIED : Result.FAIL;
        }

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Reason reason;

    public FileRequestRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static FileRequestRefusedException unauthenticated(boolean sidGiven) {
        return new FileRequestRefusedException(Reason.UNAUTHENTICATED, sidGiven
                ? "Your session is not valid (logged out, replaced by a newer login, or never existed): log in again and use the sid of that login."
                : "Log in first, then send the sid of your login as 'Authorization: Bearer <sid>' or as the query parameter sid (or rid).");
    }

    public static FileRequestRefusedException chatNotFound(String gid) {
        return new FileRequestRefusedException(Reason.CHAT_NOT_FOUND, "There is no chat with gid '" + shorten(gid) + "'.");
    }

    public static FileRequestRefusedException notMemberUpload(String gid) {
        return new FileRequestRefusedException(Reason.FORBIDDEN, "You are not a member of chat '" + shorten(gid)
                + "': only its members can upload files to it.");
    }

    public static FileRequestRefusedException notMemberDownload() {
        return new FileRequestRefusedException(Reason.FORBIDDEN,
                "This file belongs to a chat you are not a member of: only its members can download it.");
    }

    public static FileRequestRefusedException notMemberList(String gid) {
        return new FileRequestRefusedException(Reason.FORBIDDEN, "You are not a member of chat '" + shorten(gid)
                + "': only its members can see its files.");
    }

    public static FileRequestRefusedException fileNotFound(String id) {
        return new FileRequestRefusedException(Reason.FILE_NOT_FOUND, "There is no file with id '" + shorten(id) + "'.");
    }

    static String shorten(String value) {
        if (value == null) {
            return "";
        }
        String clean = value.replaceAll("\\p{Cntrl}", "");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}

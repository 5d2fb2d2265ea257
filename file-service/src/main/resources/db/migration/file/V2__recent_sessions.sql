-- The 2.x clients sign download links with a session id (md5(sid + file name)) and keep those links after a
-- reconnect gave them a new session: a session's sid stays accepted for downloads a while after it ended.
-- NULL: the session is live; else epoch milliseconds of its end (a newer login, or OFFLINE). Ended rows are
-- bounded per user and swept once older than xuanxuan.xxc.recent-session-age.
ALTER TABLE file_session ADD COLUMN ended_at BIGINT NULL;

CREATE INDEX idx_file_session_ended ON file_session (ended_at);

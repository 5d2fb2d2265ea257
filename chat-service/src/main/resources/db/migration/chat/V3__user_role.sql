-- the user's role as presence reports it: who may post in the system chat can be a role
-- (xuanxuan.chat.system-chat-posters); filled in by the next presence event of each user
ALTER TABLE chat_user ADD COLUMN role VARCHAR(64) NOT NULL DEFAULT '';

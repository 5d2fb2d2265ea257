-- presence ends the sessions of a gateway that stopped announcing itself: find them by gateway
CREATE INDEX user_session_gateway ON user_session (gateway_id);

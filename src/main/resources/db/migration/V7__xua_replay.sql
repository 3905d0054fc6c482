-- XUA replay protection (SAML-22, WSA-04): every WS-Addressing MessageID (and OneTimeUse
-- assertion ID) a partner used, until its wsu:Timestamp validity ends. One table shared by all
-- gateway instances on the same database: the primary key makes "insert if absent" atomic, so a
-- message replayed to another instance is refused too. Expired rows are purged by the gateway.
-- message_key is the hex SHA-256 of the kind, the partner and the id (bounded length whatever
-- the partner sends). Portable SQL: H2 2.x and PostgreSQL 13+.
create table xua_replay (
    message_key  varchar(64) primary key,
    partner      varchar(64) not null,
    expires_at   timestamp(3) with time zone not null,
    seen_at      timestamp(3) with time zone not null
);
create index ix_xua_replay_expires on xua_replay (expires_at);

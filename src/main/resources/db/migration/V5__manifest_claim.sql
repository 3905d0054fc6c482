-- Gateways sharing one database must not publish the same study's manifest twice at once:
-- a node claims the study for a short lease before building its KOS.
alter table study add column manifest_claimed_until timestamp(3) with time zone;

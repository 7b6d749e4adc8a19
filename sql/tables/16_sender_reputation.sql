-- Senders' global reputation from validated reports of distinct users (MailSpamJob): an upsert table keyed
-- "sender:addr" or "domain:name"; a bad row files that sender's mail as spam for everyone until `until` (event time).
CREATE TABLE sender_reputation (
  row_key STRING,
  reporters INT,
  vouchers INT,
  score DOUBLE,
  bad BOOLEAN,
  `until` BIGINT,
  ts BIGINT,
  PRIMARY KEY (row_key) NOT ENFORCED
) WITH ('topic' = 'sender-reputation')
LIKE kafka_upsert;

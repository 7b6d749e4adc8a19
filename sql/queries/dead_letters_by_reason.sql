-- Why input was rejected in the last hour.
-- Each rejected record counts once (by where it was read, or by its payload where the rejection came after
-- parsing), however many jobs rejected it (`jobs`) and although under --delivery at-least-once a restarted job sends
-- its last checkpoint interval's dead letters again.
SET 'execution.runtime-mode' = 'batch';
SELECT source_topic, reason_kind, COUNT(DISTINCT record) AS events, COUNT(DISTINCT job) AS jobs
FROM (
  SELECT DISTINCT source_topic, job, CONCAT_WS('/', CAST(`partition` AS STRING), CAST(`offset` AS STRING), MD5(payload)) AS record,
         REGEXP_EXTRACT(reason, '^[^:]*', 0) AS reason_kind
  FROM dead_letters /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
  WHERE rejected_at > UNIX_TIMESTAMP() * 1000 - 3600 * 1000
)
GROUP BY source_topic, reason_kind
ORDER BY events DESC;

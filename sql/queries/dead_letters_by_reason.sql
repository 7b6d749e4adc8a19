-- Why input was rejected in the last hour.
-- Each rejected record counts once (by where it was read, or by its payload where the rejection came after
-- parsing): under --delivery at-least-once a restarted job sends its last checkpoint interval's dead letters again.
SET 'execution.runtime-mode' = 'batch';
SELECT source_topic, reason_kind, COUNT(*) AS events
FROM (
  SELECT DISTINCT source_topic, `partition`, `offset`, MD5(payload) AS payload_md5,
         REGEXP_EXTRACT(reason, '^[^:]*', 0) AS reason_kind
  FROM dead_letters /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
  WHERE rejected_at > UNIX_TIMESTAMP() * 1000 - 3600 * 1000
)
GROUP BY source_topic, reason_kind
ORDER BY events DESC;

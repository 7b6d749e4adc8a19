-- Why input was rejected in the last hour.
SET 'execution.runtime-mode' = 'batch';
SELECT source_topic, REGEXP_EXTRACT(reason, '^[^:]*', 0) AS reason_kind, COUNT(*) AS events
FROM dead_letters /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
WHERE rejected_at > UNIX_TIMESTAMP() * 1000 - 3600 * 1000
GROUP BY source_topic, REGEXP_EXTRACT(reason, '^[^:]*', 0)
ORDER BY events DESC;

-- Conversion by variant, as the A/B job last computed it (rows updated within the last hour).
-- Batch mode over the topic as it is now, keeping the latest row of each experiment/variant/metric
-- (highest offset of its key): final rows, no changelog for JDBC to mangle.
SET 'execution.runtime-mode' = 'batch';
SELECT experiment, `variant`, `users`, `mean` AS conversion_rate, lift, lift_low, lift_high,
       p_value, seq_p_value, chance_to_beat_control, srm
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY row_key ORDER BY kafka_offset DESC) AS rn
  FROM ab_stats_log /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
)
WHERE rn = 1 AND metric = 'conversion' AND updated_at > UNIX_TIMESTAMP() * 1000 - 3600 * 1000
ORDER BY experiment, `variant`;

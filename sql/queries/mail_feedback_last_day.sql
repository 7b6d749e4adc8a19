-- The feedback loop over the last day: validated clicks by action and rejected clicks by reason (a batch query;
-- mail_rules_in_force.sql follows the rules themselves).
SET 'execution.runtime-mode' = 'batch';
SELECT 'validated' AS outcome, action AS detail, COUNT(*) AS clicks
FROM spam_feedback /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
WHERE ts > UNIX_TIMESTAMP() * 1000 - 86400 * 1000
GROUP BY action
UNION ALL
SELECT 'rejected' AS outcome, reason AS detail, COUNT(*) AS clicks
FROM feedback_rejections /*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */
WHERE ts > UNIX_TIMESTAMP() * 1000 - 86400 * 1000
GROUP BY reason;

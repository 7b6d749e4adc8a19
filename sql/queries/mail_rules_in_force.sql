-- The personal mail rules users hold now, by kind and effect: a continuous query over the upsert table (a rule that
-- expires or is evicted leaves the count as its tombstone arrives).
SELECT kind, effect, COUNT(*) AS rules, COUNT(DISTINCT user_id) AS users
FROM mail_rules
GROUP BY kind, effect;

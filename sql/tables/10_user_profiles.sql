-- Visitors' content tag profiles (ContentRecsJob, kind 'profile' on the recommendations topic): tags strongest first,
-- with their weights. Append-only like recommendations: the newest row per user_id is the current profile.
CREATE VIEW user_profiles AS
SELECT id AS user_id, items AS tags, scores AS weights, ts, written_at
FROM recommendations
WHERE kind = 'profile';

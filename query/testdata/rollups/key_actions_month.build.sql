CREATE OR REPLACE TABLE rollup_key_actions_month AS
SELECT ka.action AS "k_action", rp.name AS "k_rep", rg.name AS "k_region", CAST(date_trunc('month', CAST(make_timestamp(epoch_us(ka.completed_at) + 28800000000) AS DATE)) AS DATE) AS "t", o.owner_rep_id AS "owner", count(*) AS "n"
FROM key_actions ka
LEFT JOIN opportunities o ON o.opp_id = ka.opp_id
LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY ALL
-- reads key_actions, opportunities, reps, regions

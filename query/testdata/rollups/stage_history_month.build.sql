CREATE OR REPLACE TABLE rollup_stage_history_month AS
SELECT sh.from_stage AS "k_from_stage", sh.to_stage AS "k_to_stage", rp.name AS "k_rep", rg.name AS "k_region", CAST(date_trunc('month', CAST(make_timestamp(epoch_us(sh.changed_at) + 28800000000) AS DATE)) AS DATE) AS "t", o.owner_rep_id AS "owner", count(*) AS "n"
FROM stage_history sh
LEFT JOIN opportunities o ON o.opp_id = sh.opp_id
LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY ALL
-- reads stage_history, opportunities, reps, regions

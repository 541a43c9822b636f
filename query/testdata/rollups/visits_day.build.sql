CREATE OR REPLACE TABLE rollup_visits_day AS
SELECT rp.name AS "k_rep", rg.name AS "k_region", v.purpose AS "k_purpose", CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE) AS "t", v.rep_id AS "owner", count(*) AS "n"
FROM visits v
LEFT JOIN reps rp ON rp.rep_id = v.rep_id
LEFT JOIN regions rg ON rg.region_id = rp.region_id
GROUP BY ALL
-- reads visits, reps, regions

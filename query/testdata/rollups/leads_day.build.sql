CREATE OR REPLACE TABLE rollup_leads_day AS
SELECT rg.name AS "k_region", l.channel AS "k_channel", l.status AS "k_status", (l.first_followed_at IS NOT NULL) AS "k_followed", CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "t", count(*) AS "n"
FROM leads l
LEFT JOIN regions rg ON rg.region_id = l.region_id
GROUP BY ALL
-- reads leads, regions

CREATE OR REPLACE TABLE rollup_leads_month AS
SELECT rg.name AS "k_region", l.channel AS "k_channel", l.status AS "k_status", rp.name AS "k_rep", c.industry AS "k_industry", (l.first_followed_at IS NOT NULL) AS "k_followed", CAST(date_trunc('month', CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE)) AS DATE) AS "t", l.owner_rep_id AS "owner", count(*) AS "n", sum((date_diff('minute', make_timestamp(epoch_us(l.created_at)), make_timestamp(epoch_us(l.first_followed_at))) / 60.0)) AS "s_hours_to_follow", count((date_diff('minute', make_timestamp(epoch_us(l.created_at)), make_timestamp(epoch_us(l.first_followed_at))) / 60.0)) AS "c_hours_to_follow", min((date_diff('minute', make_timestamp(epoch_us(l.created_at)), make_timestamp(epoch_us(l.first_followed_at))) / 60.0)) AS "lo_hours_to_follow", max((date_diff('minute', make_timestamp(epoch_us(l.created_at)), make_timestamp(epoch_us(l.first_followed_at))) / 60.0)) AS "hi_hours_to_follow"
FROM leads l
LEFT JOIN regions rg ON rg.region_id = l.region_id
LEFT JOIN reps rp ON rp.rep_id = l.owner_rep_id
LEFT JOIN customers c ON c.customer_id = l.customer_id
GROUP BY ALL
-- reads leads, regions, reps, customers

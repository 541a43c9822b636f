CREATE OR REPLACE TABLE rollup_visits_customer AS
SELECT c.name AS "k_customer", c.industry AS "k_industry", rp.name AS "k_rep", rg.name AS "k_region", v.rep_id AS "owner", count(*) AS "n"
FROM visits v
LEFT JOIN reps rp ON rp.rep_id = v.rep_id
LEFT JOIN regions rg ON rg.region_id = rp.region_id
LEFT JOIN customers c ON c.customer_id = v.customer_id
GROUP BY ALL
-- reads visits, reps, regions, customers

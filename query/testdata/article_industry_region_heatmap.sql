WITH base AS (SELECT l.region_id AS "l__region_id", l.customer_id AS "l__customer_id", count(*) AS "_s0_0"
  FROM leads l
  GROUP BY 1, 2)
SELECT c.industry AS "industry", rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."l__region_id"
LEFT JOIN customers c ON c.customer_id = _p1."l__customer_id"
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

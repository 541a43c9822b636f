WITH base AS (SELECT v.customer_id AS "v__customer_id", count(*) AS "_s0_0"
  FROM visits v
  GROUP BY 1),
grouped AS (SELECT c.name AS "customer", sum(_p1."_s0_0") AS "_s0_0"
  FROM base _p1
  LEFT JOIN customers c ON c.customer_id = _p1."v__customer_id"
  GROUP BY 1),
top AS (SELECT "customer" AS "k" FROM grouped ORDER BY CAST("_s0_0" AS BIGINT) DESC NULLS LAST, 1 LIMIT $1)
SELECT CASE WHEN "customer" IN (SELECT k FROM top) THEN "customer" ELSE $2 END AS "customer", CAST(sum("_s0_0") AS BIGINT) AS "count"
FROM grouped
GROUP BY 1
ORDER BY min(CASE WHEN "customer" IN (SELECT k FROM top) THEN 0 ELSE 1 END), 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

WITH base AS (SELECT ru.k_customer AS "_d0", sum(ru.n) AS "_s0_0"
  FROM rollup_visits_customer ru
  GROUP BY 1),
grouped AS (SELECT _p1."_d0" AS "customer", _p1."_s0_0" AS "_s0_0"
  FROM base _p1),
top AS (SELECT "customer" AS "k" FROM grouped ORDER BY "_s0_0" DESC NULLS LAST, 1 LIMIT $1)
SELECT CASE WHEN "customer" IN (SELECT k FROM top) THEN "customer" ELSE $2 END AS "customer", sum("_s0_0") AS "count"
FROM grouped
GROUP BY 1
ORDER BY min(CASE WHEN "customer" IN (SELECT k FROM top) THEN 0 ELSE 1 END), 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
-- args [
  10,
  "其他"
]

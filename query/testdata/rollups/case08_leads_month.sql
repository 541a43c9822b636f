WITH base AS (SELECT ru.k_industry AS "_d0", sum(ru.n) AS "_s0_0"
  FROM rollup_leads_month ru
  GROUP BY 1),
grouped AS (SELECT _p1."_d0" AS "industry", _p1."_s0_0" AS "_s0_0"
  FROM base _p1),
top AS (SELECT "industry" AS "k" FROM grouped ORDER BY "_s0_0" DESC NULLS LAST, 1 LIMIT $1)
SELECT CASE WHEN "industry" IN (SELECT k FROM top) THEN "industry" ELSE $2 END AS "industry", sum("_s0_0") AS "count"
FROM grouped
GROUP BY 1
ORDER BY min(CASE WHEN "industry" IN (SELECT k FROM top) THEN 0 ELSE 1 END), 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
-- args [
  3,
  "其他"
]

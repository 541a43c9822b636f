WITH src AS (SELECT ru.k_rep AS "rep", ru.n AS "_m0"
  FROM rollup_leads_month ru
  WHERE ru.t >= CAST($1 AS DATE) AND ru.t < CAST($2 AS DATE))
SELECT "rep", sum("_m0") AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
-- args [
  "2026-09-01",
  "2026-11-01"
]

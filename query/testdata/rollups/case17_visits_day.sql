WITH src AS (SELECT ru.k_purpose AS "purpose", ru.n AS "_m0"
  FROM rollup_visits_day ru
  WHERE ru.t >= CAST($1 AS DATE) AND ru.t < CAST($2 AS DATE)
    AND ru.k_region IN ($3, $4))
SELECT "purpose", sum("_m0") AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
-- args [
  "2026-10-28",
  "2026-11-27",
  "华东",
  "华北"
]

WITH g0 AS (WITH src AS (SELECT ru.k_region AS "region", ru.n AS "_m0"
  FROM rollup_visits_day ru
  WHERE ru.t >= CAST($1 AS DATE) AND ru.t < CAST($2 AS DATE))
SELECT "region", sum("_m0") AS "_c0"
FROM src
GROUP BY 1),
wd AS (SELECT count(*) AS "n"
  FROM generate_series(CAST(CAST($3 AS DATE) AS TIMESTAMP), CAST(CAST($4 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS g(d)
  WHERE isodow(CAST(g.d AS DATE)) <= 5)
SELECT g0."region", CAST(g0."_c0" AS DOUBLE) / nullif(wd.n, 0) AS "count_per_working_day"
FROM g0
LEFT JOIN wd ON TRUE
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000
-- args [
  "2026-10-01",
  "2026-11-01",
  "2026-10-01",
  "2026-10-31"
]

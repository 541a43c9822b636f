WITH g0 AS (WITH src AS (SELECT CAST(date_trunc('month', CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE)) AS DATE) AS "visited_at_month", v.rep_id AS "_m1"
  FROM visits v
  WHERE v.visited_at >= CAST($1 AS TIMESTAMPTZ) AND v.visited_at < CAST($2 AS TIMESTAMPTZ))
SELECT "visited_at_month", count(*) AS "_c0", count(DISTINCT "_m1") AS "_c1"
FROM src
GROUP BY 1),
wd AS (SELECT CAST(date_trunc('month', CAST(g.d AS DATE)) AS DATE) AS "b", count(*) AS "n"
  FROM generate_series(CAST(CAST($3 AS DATE) AS TIMESTAMP), CAST(CAST($4 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS g(d)
  WHERE isodow(CAST(g.d AS DATE)) <= 5
    AND CAST(g.d AS DATE) NOT IN (CAST($5 AS DATE), CAST($6 AS DATE), CAST($7 AS DATE), CAST($8 AS DATE), CAST($9 AS DATE))
  GROUP BY 1)
SELECT g0."visited_at_month", g0."_c0" AS "count", CAST(g0."_c0" AS DOUBLE) / nullif(g0."_c1", 0) / nullif(wd.n, 0) AS "count_per_rep_per_working_day"
FROM g0
LEFT JOIN wd ON wd.b = g0."visited_at_month"
ORDER BY 1 NULLS LAST
LIMIT 50000

WITH g0 AS (WITH src AS (SELECT CAST(date_trunc('month', CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE)) AS DATE) AS "visited_at_month", v.rep_id AS "_m1"
  FROM visits v
  WHERE v.visited_at >= CAST($1 AS TIMESTAMPTZ) AND v.visited_at < CAST($2 AS TIMESTAMPTZ))
SELECT "visited_at_month", count(*) AS "_c0", count(DISTINCT "_m1") AS "_c1"
FROM src
GROUP BY 1),
g0_year_ago AS (WITH src AS (SELECT CAST(date_trunc('month', CAST(CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE) + INTERVAL 12 MONTH AS DATE)) AS DATE) AS "visited_at_month", v.rep_id AS "_m1"
  FROM visits v
  WHERE v.visited_at >= CAST($3 AS TIMESTAMPTZ) AND v.visited_at < CAST($4 AS TIMESTAMPTZ))
SELECT "visited_at_month", count(*) AS "_c0_year_ago", count(DISTINCT "_m1") AS "_c1_year_ago"
FROM src
GROUP BY 1),
joined AS (SELECT g0."visited_at_month" AS "visited_at_month", coalesce(g0."_c0", 0) AS "_c0", g0."_c1" AS "_c1", coalesce(g0_year_ago."_c0_year_ago", 0) AS "_c0_year_ago", g0_year_ago."_c1_year_ago" AS "_c1_year_ago"
  FROM g0
  LEFT JOIN g0_year_ago ON g0."visited_at_month" IS NOT DISTINCT FROM g0_year_ago."visited_at_month"),
wd AS (SELECT CAST(date_trunc('month', CAST(g.d AS DATE)) AS DATE) AS "b", count(*) AS "n"
  FROM generate_series(CAST(CAST($5 AS DATE) AS TIMESTAMP), CAST(CAST($6 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS g(d)
  WHERE isodow(CAST(g.d AS DATE)) <= 5
    AND CAST(g.d AS DATE) NOT IN (CAST($7 AS DATE), CAST($8 AS DATE), CAST($9 AS DATE), CAST($10 AS DATE), CAST($11 AS DATE), CAST($12 AS DATE), CAST($13 AS DATE), CAST($14 AS DATE))
  GROUP BY 1),
wd_year_ago AS (SELECT CAST(date_trunc('month', CAST(CAST(g.d AS DATE) + INTERVAL 12 MONTH AS DATE)) AS DATE) AS "b", count(*) AS "n"
  FROM generate_series(CAST(CAST($15 AS DATE) AS TIMESTAMP), CAST(CAST($16 AS DATE) AS TIMESTAMP), INTERVAL 1 DAY) AS g(d)
  WHERE isodow(CAST(g.d AS DATE)) <= 5
    AND CAST(g.d AS DATE) NOT IN (CAST($17 AS DATE), CAST($18 AS DATE), CAST($19 AS DATE), CAST($20 AS DATE), CAST($21 AS DATE), CAST($22 AS DATE), CAST($23 AS DATE), CAST($24 AS DATE))
  GROUP BY 1)
SELECT joined."visited_at_month", CAST(joined."_c0" AS DOUBLE) / nullif(joined."_c1", 0) / nullif(wd.n, 0) AS "count_per_rep_per_working_day", CAST(joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c1_year_ago", 0) / nullif(wd_year_ago.n, 0) AS "count_per_rep_per_working_day_year_ago", CAST(joined."_c0" AS DOUBLE) / nullif(joined."_c1", 0) / nullif(wd.n, 0) - CAST(joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c1_year_ago", 0) / nullif(wd_year_ago.n, 0) AS "count_per_rep_per_working_day_year_ago_delta", CAST(CAST(joined."_c0" AS DOUBLE) / nullif(joined."_c1", 0) / nullif(wd.n, 0) - CAST(joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c1_year_ago", 0) / nullif(wd_year_ago.n, 0) AS DOUBLE) / nullif(CAST(joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c1_year_ago", 0) / nullif(wd_year_ago.n, 0), 0) AS "count_per_rep_per_working_day_year_ago_delta_pct"
FROM joined
LEFT JOIN wd ON wd.b = joined."visited_at_month"
LEFT JOIN wd_year_ago ON wd_year_ago.b = joined."visited_at_month"
ORDER BY 1 NULLS LAST
LIMIT 50000

WITH RECURSIVE scope(rep_id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),
g0 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0", count(CASE WHEN l.status = $2 THEN 1 END) AS "_s1_0", count(CASE WHEN l.status IN ($3, $4) THEN 1 END) AS "_s2_0"
  FROM leads l
  WHERE l.owner_rep_id IN (SELECT rep_id FROM scope)
    AND l.created_at >= CAST($5 AS TIMESTAMPTZ) AND l.created_at < CAST($6 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT CAST(date_trunc('month', _p1."_d0") AS DATE) AS "created_at_month", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1", CAST(sum(_p1."_s2_0") AS BIGINT) AS "_c2"
FROM base _p1
GROUP BY 1),
g0_year_ago AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0", count(CASE WHEN l.status = $7 THEN 1 END) AS "_s1_0", count(CASE WHEN l.status IN ($8, $9) THEN 1 END) AS "_s2_0"
  FROM leads l
  WHERE l.owner_rep_id IN (SELECT rep_id FROM scope)
    AND l.created_at >= CAST($10 AS TIMESTAMPTZ) AND l.created_at < CAST($11 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT CAST(date_trunc('month', CAST(_p1."_d0" + INTERVAL 12 MONTH AS DATE)) AS DATE) AS "created_at_month", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0_year_ago", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1_year_ago", CAST(sum(_p1."_s2_0") AS BIGINT) AS "_c2_year_ago"
FROM base _p1
GROUP BY 1),
joined AS (SELECT g0."created_at_month" AS "created_at_month", coalesce(g0."_c0", 0) AS "_c0", coalesce(g0."_c1", 0) AS "_c1", coalesce(g0."_c2", 0) AS "_c2", coalesce(g0_year_ago."_c0_year_ago", 0) AS "_c0_year_ago", coalesce(g0_year_ago."_c1_year_ago", 0) AS "_c1_year_ago", coalesce(g0_year_ago."_c2_year_ago", 0) AS "_c2_year_ago"
  FROM g0
  LEFT JOIN g0_year_ago ON g0."created_at_month" IS NOT DISTINCT FROM g0_year_ago."created_at_month")
SELECT joined."created_at_month", joined."_c0" AS "count", joined."_c0_year_ago" AS "count_year_ago", joined."_c0" - joined."_c0_year_ago" AS "count_year_ago_delta", CAST(joined."_c0" - joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c0_year_ago", 0) AS "count_year_ago_delta_pct", CAST(joined."_c1" AS DOUBLE) / nullif(joined."_c2", 0) AS "_k5", CAST(joined."_c1_year_ago" AS DOUBLE) / nullif(joined."_c2_year_ago", 0) AS "_k6", CAST(joined."_c1" AS DOUBLE) / nullif(joined."_c2", 0) - CAST(joined."_c1_year_ago" AS DOUBLE) / nullif(joined."_c2_year_ago", 0) AS "_k7", CAST(CAST(joined."_c1" AS DOUBLE) / nullif(joined."_c2", 0) - CAST(joined."_c1_year_ago" AS DOUBLE) / nullif(joined."_c2_year_ago", 0) AS DOUBLE) / nullif(CAST(joined."_c1_year_ago" AS DOUBLE) / nullif(joined."_c2_year_ago", 0), 0) AS "_k8"
FROM joined
ORDER BY 1 NULLS LAST
LIMIT 50000

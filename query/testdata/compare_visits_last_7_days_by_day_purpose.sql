WITH g0 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE) AS "_d0", v.purpose AS "_d1", count(*) AS "_s0_0"
  FROM visits v
  WHERE v.visited_at >= CAST($1 AS TIMESTAMPTZ) AND v.visited_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT _p1."_d0" AS "visited_at_day", _p1."_d1" AS "purpose", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0"
FROM base _p1
GROUP BY 1, 2),
g0_previous AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE) AS "_d0", v.purpose AS "_d1", count(*) AS "_s0_0"
  FROM visits v
  WHERE v.visited_at >= CAST($3 AS TIMESTAMPTZ) AND v.visited_at < CAST($4 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT CAST(_p1."_d0" + INTERVAL 7 DAY AS DATE) AS "visited_at_day", _p1."_d1" AS "purpose", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0_previous"
FROM base _p1
GROUP BY 1, 2),
joined AS (SELECT g0."visited_at_day" AS "visited_at_day", g0."purpose" AS "purpose", coalesce(g0."_c0", 0) AS "_c0", coalesce(g0_previous."_c0_previous", 0) AS "_c0_previous"
  FROM g0
  LEFT JOIN g0_previous ON g0."visited_at_day" IS NOT DISTINCT FROM g0_previous."visited_at_day" AND g0."purpose" IS NOT DISTINCT FROM g0_previous."purpose")
SELECT joined."visited_at_day", joined."purpose", joined."_c0" AS "count", joined."_c0_previous" AS "count_previous", joined."_c0" - joined."_c0_previous" AS "count_previous_delta", CAST(joined."_c0" - joined."_c0_previous" AS DOUBLE) / nullif(joined."_c0_previous", 0) AS "count_previous_delta_pct"
FROM joined
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

WITH base AS (SELECT CAST(make_timestamp(epoch_us(v.visited_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0"
  FROM visits v
  WHERE v.visited_at >= CAST($1 AS TIMESTAMPTZ) AND v.visited_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT _p1."_d0" AS "visited_at_day", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count"
FROM base _p1
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000

WITH g0 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", l.channel AS "_d1", count(*) AS "_s0_0"
  FROM leads l
  WHERE l.created_at >= CAST($1 AS TIMESTAMPTZ) AND l.created_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", _p1."_d1" AS "channel", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0"
FROM base _p1
GROUP BY 1, 2)
SELECT g0."created_at_week", g0."channel", g0."_c0" AS "count", CAST(sum(g0."_c0") OVER (PARTITION BY g0."channel" ORDER BY g0."created_at_week") AS BIGINT) AS "count_running"
FROM g0
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

WITH g0 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", count(CASE WHEN l.status IN ($1, $2) THEN 1 END) AS "_s0_0", count(CASE WHEN l.status = $3 THEN 1 END) AS "_s1_0", count(CASE WHEN l.status IN ($4, $5) THEN 1 END) AS "_s2_0"
  FROM leads l
  WHERE l.created_at >= CAST($6 AS TIMESTAMPTZ) AND l.created_at < CAST($7 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1", CAST(sum(_p1."_s2_0") AS BIGINT) AS "_c2"
FROM base _p1
GROUP BY 1)
SELECT g0."created_at_week", g0."_c0" AS "_k1", CAST(g0."_c1" AS DOUBLE) / nullif(g0."_c2", 0) AS "_k2"
FROM g0
ORDER BY 1 NULLS LAST
LIMIT 50000

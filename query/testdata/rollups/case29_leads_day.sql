WITH g0 AS (WITH base AS (SELECT ru.t AS "_d0", sum(CASE WHEN ru.k_status = $1 THEN ru.n END) AS "_s0_0"
  FROM rollup_leads_day ru
  WHERE ru.t >= CAST($2 AS DATE) AND ru.t < CAST($3 AS DATE)
  GROUP BY 1)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", CAST(coalesce(sum(_p1."_s0_0"), 0) AS BIGINT) AS "_c1"
FROM base _p1
GROUP BY 1),
g1 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0"
  FROM contracts ct
  WHERE ct.signed_at >= CAST($4 AS TIMESTAMPTZ) AND ct.signed_at < CAST($5 AS TIMESTAMPTZ)
  GROUP BY 1)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0"
FROM base _p1
GROUP BY 1),
joined AS (SELECT coalesce(g0."created_at_week", g1."created_at_week") AS "created_at_week", coalesce(g0."_c1", 0) AS "_c1", coalesce(g1."_c0", 0) AS "_c0"
  FROM g0
  FULL OUTER JOIN g1 ON g0."created_at_week" IS NOT DISTINCT FROM g1."created_at_week")
SELECT joined."created_at_week", CAST(joined."_c0" AS DOUBLE) / nullif(joined."_c1", 0) AS "ratio"
FROM joined
ORDER BY 1 NULLS LAST
LIMIT 50000
-- args [
  "valid",
  "2026-10-01",
  "2027-01-01",
  "2026-10-01T00:00:00+08:00",
  "2027-01-01T00:00:00+08:00"
]

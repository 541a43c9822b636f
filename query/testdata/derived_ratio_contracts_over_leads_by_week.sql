WITH g0 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(l.created_at) + 28800000000) AS DATE) AS "_d0", count(CASE WHEN l.status IN ($1, $2) THEN 1 END) AS "_s0_0"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id
  WHERE l.created_at >= CAST($3 AS TIMESTAMPTZ) AND l.created_at < CAST($4 AS TIMESTAMPTZ)
    AND rg.name = $5
  GROUP BY 1)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c1"
FROM base _p1
GROUP BY 1),
g1 AS (WITH base AS (SELECT CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE) AS "_d0", count(*) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  LEFT JOIN reps rpo ON rpo.rep_id = o.owner_rep_id
  LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
  LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
  LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
  WHERE ct.signed_at >= CAST($6 AS TIMESTAMPTZ) AND ct.signed_at < CAST($7 AS TIMESTAMPTZ)
    AND CASE WHEN o.owner_rep_id IS NOT NULL THEN rgo.name ELSE rgc.name END = $8
  GROUP BY 1)
SELECT CAST(date_trunc('week', _p1."_d0") AS DATE) AS "created_at_week", CAST(sum(_p1."_s0_0") AS BIGINT) AS "_c0"
FROM base _p1
GROUP BY 1),
joined AS (SELECT coalesce(g0."created_at_week", g1."created_at_week") AS "created_at_week", coalesce(g0."_c1", 0) AS "_c1", coalesce(g1."_c0", 0) AS "_c0"
  FROM g0
  FULL OUTER JOIN g1 ON g0."created_at_week" IS NOT DISTINCT FROM g1."created_at_week")
SELECT joined."created_at_week", CAST(joined."_c0" AS DOUBLE) / nullif(joined."_c1", 0) AS "_k1"
FROM joined
ORDER BY 1 NULLS LAST
LIMIT 50000

WITH g0 AS (WITH base AS (SELECT ct.customer_id AS "ct__customer_id", o.owner_rep_id AS "o__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0", count(*) AS "_s1_0"
  FROM contracts ct
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  WHERE ct.signed_at >= CAST($1 AS TIMESTAMPTZ) AND ct.signed_at < CAST($2 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT CASE WHEN _p1."o__owner_rep_id" IS NOT NULL THEN rgo.name ELSE rgc.name END AS "region", sum(_p1."_s0_0") AS "_c0", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
LEFT JOIN reps rpo ON rpo.rep_id = _p1."o__owner_rep_id"
LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
GROUP BY 1),
g0_previous AS (WITH base AS (SELECT ct.customer_id AS "ct__customer_id", o.owner_rep_id AS "o__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0", count(*) AS "_s1_0"
  FROM contracts ct
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  WHERE ct.signed_at >= CAST($3 AS TIMESTAMPTZ) AND ct.signed_at < CAST($4 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT CASE WHEN _p1."o__owner_rep_id" IS NOT NULL THEN rgo.name ELSE rgc.name END AS "region", sum(_p1."_s0_0") AS "_c0_previous", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1_previous"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
LEFT JOIN reps rpo ON rpo.rep_id = _p1."o__owner_rep_id"
LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
GROUP BY 1),
g0_year_ago AS (WITH base AS (SELECT ct.customer_id AS "ct__customer_id", o.owner_rep_id AS "o__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0", count(*) AS "_s1_0"
  FROM contracts ct
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  WHERE ct.signed_at >= CAST($5 AS TIMESTAMPTZ) AND ct.signed_at < CAST($6 AS TIMESTAMPTZ)
  GROUP BY 1, 2)
SELECT CASE WHEN _p1."o__owner_rep_id" IS NOT NULL THEN rgo.name ELSE rgc.name END AS "region", sum(_p1."_s0_0") AS "_c0_year_ago", CAST(sum(_p1."_s1_0") AS BIGINT) AS "_c1_year_ago"
FROM base _p1
LEFT JOIN customers c ON c.customer_id = _p1."ct__customer_id"
LEFT JOIN reps rpo ON rpo.rep_id = _p1."o__owner_rep_id"
LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
GROUP BY 1),
joined AS (SELECT g0."region" AS "region", g0."_c0" AS "_c0", coalesce(g0."_c1", 0) AS "_c1", g0_previous."_c0_previous" AS "_c0_previous", coalesce(g0_previous."_c1_previous", 0) AS "_c1_previous", g0_year_ago."_c0_year_ago" AS "_c0_year_ago", coalesce(g0_year_ago."_c1_year_ago", 0) AS "_c1_year_ago"
  FROM g0
  LEFT JOIN g0_previous ON g0."region" IS NOT DISTINCT FROM g0_previous."region"
  LEFT JOIN g0_year_ago ON g0."region" IS NOT DISTINCT FROM g0_year_ago."region")
SELECT joined."region", joined."_c0" AS "sum_amount", joined."_c0_previous" AS "sum_amount_previous", joined."_c0" - joined."_c0_previous" AS "sum_amount_previous_delta", CAST(joined."_c0" - joined."_c0_previous" AS DOUBLE) / nullif(joined."_c0_previous", 0) AS "sum_amount_previous_delta_pct", joined."_c0_year_ago" AS "sum_amount_year_ago", joined."_c0" - joined."_c0_year_ago" AS "sum_amount_year_ago_delta", CAST(joined."_c0" - joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c0_year_ago", 0) AS "sum_amount_year_ago_delta_pct", joined."_c1" AS "count", joined."_c1_previous" AS "count_previous", joined."_c1" - joined."_c1_previous" AS "count_previous_delta", CAST(joined."_c1" - joined."_c1_previous" AS DOUBLE) / nullif(joined."_c1_previous", 0) AS "count_previous_delta_pct", joined."_c1_year_ago" AS "count_year_ago", joined."_c1" - joined."_c1_year_ago" AS "count_year_ago_delta", CAST(joined."_c1" - joined."_c1_year_ago" AS DOUBLE) / nullif(joined."_c1_year_ago", 0) AS "count_year_ago_delta_pct"
FROM joined
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

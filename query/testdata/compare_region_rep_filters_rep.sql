WITH g0 AS (WITH src AS (SELECT CASE WHEN o.owner_rep_id IS NOT NULL THEN rpo.name ELSE rpc.name END AS "rep", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  LEFT JOIN reps rpo ON rpo.rep_id = o.owner_rep_id
  LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
  LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
  LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
  WHERE coalesce(o.owner_rep_id, c.owner_rep_id) = $1
    AND ct.signed_at >= CAST($2 AS TIMESTAMPTZ) AND ct.signed_at < CAST($3 AS TIMESTAMPTZ)
    AND CASE WHEN o.owner_rep_id IS NOT NULL THEN rgo.name ELSE rgc.name END = $4)
SELECT "rep", sum("_m0") AS "_c0"
FROM src
GROUP BY 1),
g0_previous AS (WITH src AS (SELECT CASE WHEN o.owner_rep_id IS NOT NULL THEN rpo.name ELSE rpc.name END AS "rep", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  LEFT JOIN reps rpo ON rpo.rep_id = o.owner_rep_id
  LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
  LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
  LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
  WHERE coalesce(o.owner_rep_id, c.owner_rep_id) = $5
    AND ct.signed_at >= CAST($6 AS TIMESTAMPTZ) AND ct.signed_at < CAST($7 AS TIMESTAMPTZ)
    AND CASE WHEN o.owner_rep_id IS NOT NULL THEN rgo.name ELSE rgc.name END = $8)
SELECT "rep", sum("_m0") AS "_c0_previous"
FROM src
GROUP BY 1),
g0_year_ago AS (WITH src AS (SELECT CASE WHEN o.owner_rep_id IS NOT NULL THEN rpo.name ELSE rpc.name END AS "rep", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN opportunities o ON o.opp_id = ct.opp_id
  LEFT JOIN reps rpo ON rpo.rep_id = o.owner_rep_id
  LEFT JOIN reps rpc ON rpc.rep_id = c.owner_rep_id
  LEFT JOIN regions rgo ON rgo.region_id = rpo.region_id
  LEFT JOIN regions rgc ON rgc.region_id = rpc.region_id
  WHERE coalesce(o.owner_rep_id, c.owner_rep_id) = $9
    AND ct.signed_at >= CAST($10 AS TIMESTAMPTZ) AND ct.signed_at < CAST($11 AS TIMESTAMPTZ)
    AND CASE WHEN o.owner_rep_id IS NOT NULL THEN rgo.name ELSE rgc.name END = $12)
SELECT "rep", sum("_m0") AS "_c0_year_ago"
FROM src
GROUP BY 1),
joined AS (SELECT g0."rep" AS "rep", g0."_c0" AS "_c0", g0_previous."_c0_previous" AS "_c0_previous", g0_year_ago."_c0_year_ago" AS "_c0_year_ago"
  FROM g0
  LEFT JOIN g0_previous ON g0."rep" IS NOT DISTINCT FROM g0_previous."rep"
  LEFT JOIN g0_year_ago ON g0."rep" IS NOT DISTINCT FROM g0_year_ago."rep")
SELECT joined."rep", joined."_c0" AS "sum_amount", joined."_c0_previous" AS "sum_amount_previous", joined."_c0" - joined."_c0_previous" AS "sum_amount_previous_delta", CAST(joined."_c0" - joined."_c0_previous" AS DOUBLE) / nullif(joined."_c0_previous", 0) AS "sum_amount_previous_delta_pct", joined."_c0_year_ago" AS "sum_amount_year_ago", joined."_c0" - joined."_c0_year_ago" AS "sum_amount_year_ago_delta", CAST(joined."_c0" - joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c0_year_ago", 0) AS "sum_amount_year_ago_delta_pct"
FROM joined
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

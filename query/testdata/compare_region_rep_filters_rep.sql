WITH g0 AS (WITH base AS (SELECT c.owner_rep_id AS "c__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN regions rg ON rg.region_id = c.region_id
  WHERE c.owner_rep_id = $1
    AND ct.signed_at >= CAST($2 AS TIMESTAMPTZ) AND ct.signed_at < CAST($3 AS TIMESTAMPTZ)
    AND rg.name = $4
  GROUP BY 1)
SELECT rp.name AS "rep", sum(_p1."_s0_0") AS "_c0"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."c__owner_rep_id"
GROUP BY 1),
g0_previous AS (WITH base AS (SELECT c.owner_rep_id AS "c__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN regions rg ON rg.region_id = c.region_id
  WHERE c.owner_rep_id = $5
    AND ct.signed_at >= CAST($6 AS TIMESTAMPTZ) AND ct.signed_at < CAST($7 AS TIMESTAMPTZ)
    AND rg.name = $8
  GROUP BY 1)
SELECT rp.name AS "rep", sum(_p1."_s0_0") AS "_c0_previous"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."c__owner_rep_id"
GROUP BY 1),
g0_year_ago AS (WITH base AS (SELECT c.owner_rep_id AS "c__owner_rep_id", sum(CAST(ct.amount AS DOUBLE)) AS "_s0_0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  LEFT JOIN regions rg ON rg.region_id = c.region_id
  WHERE c.owner_rep_id = $9
    AND ct.signed_at >= CAST($10 AS TIMESTAMPTZ) AND ct.signed_at < CAST($11 AS TIMESTAMPTZ)
    AND rg.name = $12
  GROUP BY 1)
SELECT rp.name AS "rep", sum(_p1."_s0_0") AS "_c0_year_ago"
FROM base _p1
LEFT JOIN reps rp ON rp.rep_id = _p1."c__owner_rep_id"
GROUP BY 1),
joined AS (SELECT g0."rep" AS "rep", g0."_c0" AS "_c0", g0_previous."_c0_previous" AS "_c0_previous", g0_year_ago."_c0_year_ago" AS "_c0_year_ago"
  FROM g0
  LEFT JOIN g0_previous ON g0."rep" IS NOT DISTINCT FROM g0_previous."rep"
  LEFT JOIN g0_year_ago ON g0."rep" IS NOT DISTINCT FROM g0_year_ago."rep")
SELECT joined."rep", joined."_c0" AS "sum_amount", joined."_c0_previous" AS "sum_amount_previous", joined."_c0" - joined."_c0_previous" AS "sum_amount_previous_delta", CAST(joined."_c0" - joined."_c0_previous" AS DOUBLE) / nullif(joined."_c0_previous", 0) AS "sum_amount_previous_delta_pct", joined."_c0_year_ago" AS "sum_amount_year_ago", joined."_c0" - joined."_c0_year_ago" AS "sum_amount_year_ago_delta", CAST(joined."_c0" - joined."_c0_year_ago" AS DOUBLE) / nullif(joined."_c0_year_ago", 0) AS "sum_amount_year_ago_delta_pct"
FROM joined
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

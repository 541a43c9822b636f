WITH RECURSIVE scope(rep_id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),
base AS (SELECT c.region_id AS "c__region_id", floor(CAST(c.annual_purchase AS DOUBLE) / $2) * $3 AS "_d0", count(*) AS "_s0_0", sum(CAST(c.annual_purchase AS DOUBLE)) AS "_s1_0"
  FROM customers c
  WHERE c.owner_rep_id IN (SELECT rep_id FROM scope)
  GROUP BY 1, 2)
SELECT _p1."_d0" AS "annual_purchase_bin", rg.name AS "region", CAST(sum(_p1."_s0_0") AS BIGINT) AS "count", sum(_p1."_s1_0") AS "sum_annual_purchase"
FROM base _p1
LEFT JOIN regions rg ON rg.region_id = _p1."c__region_id"
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

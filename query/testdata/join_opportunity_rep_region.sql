WITH src AS (SELECT rg.name AS "region", rp.name AS "rep", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
  LEFT JOIN regions rg ON rg.region_id = rp.region_id)
SELECT "region", "rep", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

WITH src AS (SELECT rp.name AS "rep", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
  LEFT JOIN regions rg ON rg.region_id = rp.region_id
  WHERE rg.name = $1)
SELECT "rep", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

WITH src AS (SELECT t.period AS "period", rg.name AS "region", CAST(t.target_amount AS DOUBLE) AS "_m0"
  FROM targets t
  LEFT JOIN reps rp ON rp.rep_id = t.rep_id
  LEFT JOIN regions rg ON rg.region_id = rp.region_id)
SELECT "period", "region", sum("_m0") AS "sum_target_amount"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

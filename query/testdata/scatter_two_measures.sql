WITH src AS (SELECT rp.name AS "rep", CAST(o.amount AS DOUBLE) AS "_m1"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id)
SELECT "rep", count(*) AS "count", avg("_m1") AS "avg_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

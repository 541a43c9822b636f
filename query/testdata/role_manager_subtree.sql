WITH RECURSIVE scope(rep_id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),
src AS (SELECT rp.name AS "rep", CAST(o.amount AS DOUBLE) AS "_m0"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id
  WHERE o.owner_rep_id IN (SELECT rep_id FROM scope))
SELECT "rep", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

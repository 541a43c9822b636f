WITH src AS (SELECT rp.name AS "rep", o.created_at AS "_m0"
  FROM opportunities o
  LEFT JOIN reps rp ON rp.rep_id = o.owner_rep_id)
SELECT "rep", max("_m0") AS "max_created_at"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

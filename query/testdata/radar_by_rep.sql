WITH src AS (SELECT v.purpose AS "purpose", rp.name AS "rep"
  FROM visits v
  LEFT JOIN reps rp ON rp.rep_id = v.rep_id)
SELECT "purpose", "rep", count(*) AS "count"
FROM src
GROUP BY 1, 2
ORDER BY 1 NULLS LAST, 2 NULLS LAST
LIMIT 50000

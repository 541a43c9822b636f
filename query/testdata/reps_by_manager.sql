WITH src AS (SELECT mg.name AS "manager"
  FROM reps r
  LEFT JOIN reps mg ON mg.rep_id = r.manager_id
  WHERE r.active = $1)
SELECT "manager", count(*) AS "count"
FROM src
GROUP BY 1
ORDER BY 2 DESC NULLS LAST, 1 NULLS LAST
LIMIT 50000

WITH src AS (SELECT l.created_at AS "created_at", l.lead_id AS "lead_id", rg.name AS "region", l.channel AS "channel", l.status AS "status", rp.name AS "rep", c.name AS "customer"
  FROM leads l
  LEFT JOIN regions rg ON rg.region_id = l.region_id
  LEFT JOIN reps rp ON rp.rep_id = l.owner_rep_id
  LEFT JOIN customers c ON c.customer_id = l.customer_id
  WHERE rg.name = $1
    AND l.created_at >= CAST($2 AS TIMESTAMPTZ) AND l.created_at < CAST($3 AS TIMESTAMPTZ))
SELECT * FROM src ORDER BY 1 DESC NULLS LAST LIMIT $4

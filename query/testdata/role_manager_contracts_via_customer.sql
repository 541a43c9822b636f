WITH RECURSIVE scope(rep_id) AS (SELECT CAST($1 AS BIGINT) UNION SELECT r.rep_id FROM reps r JOIN scope s ON r.manager_id = s.rep_id),
src AS (SELECT CAST(date_trunc('month', CAST(make_timestamp(epoch_us(ct.signed_at) + 28800000000) AS DATE)) AS DATE) AS "signed_at_month", CAST(ct.amount AS DOUBLE) AS "_m0"
  FROM contracts ct
  LEFT JOIN customers c ON c.customer_id = ct.customer_id
  WHERE c.owner_rep_id IN (SELECT rep_id FROM scope))
SELECT "signed_at_month", sum("_m0") AS "sum_amount"
FROM src
GROUP BY 1
ORDER BY 1 NULLS LAST
LIMIT 50000

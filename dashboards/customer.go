package dashboards

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/i18n"
	"salesbi/metrics"
)

// customerNode is one of the six health nodes with its weight.
type customerNode struct {
	Label  i18n.Text `json:"-"`
	Shown  string    `json:"-"` // "7.5", or "—" when the CRM has no value
	Name   string    `json:"name"`
	Value  *float64  `json:"value"`
	Weight float64   `json:"weight"`
}

type customerVisit struct {
	VisitedAt time.Time `json:"visited_at"`
	Rep       string    `json:"rep"`
	Purpose   string    `json:"purpose"`
}

type gradeChange struct {
	From      string    `json:"from"`
	To        string    `json:"to"`
	Score     float64   `json:"score"`
	ChangedAt time.Time `json:"changed_at"`
	Cause     string    `json:"cause"`
}

// customerView is what GET /customers/:id shows.
type customerView struct {
	ID         int64           `json:"customer_id"`
	Name       string          `json:"name"`
	Owner      string          `json:"owner"`
	StaticTier string          `json:"static_tier"`
	Scored     bool            `json:"scored"`
	Score      float64         `json:"score"`
	Grade      string          `json:"grade"`
	ScoredAt   time.Time       `json:"scored_at"`
	ActNow     bool            `json:"act_now"`
	Actions    []string        `json:"actions,omitempty"`
	Nodes      []customerNode  `json:"nodes"`
	Visits     []customerVisit `json:"last_visits"`
	Changes    []gradeChange   `json:"grade_changes"`
	GradeB     float64         `json:"grade_b"`
}

var nodeLabels = []i18n.Text{i18n.T("采购计划已审批", "Purchase plan approved"), i18n.T("预算已批复", "Budget approved"),
	i18n.T("技术已对接", "Technical contact made"), i18n.T("竞争态势", "Competitor status"), i18n.T("付款条件", "Payment terms"),
	i18n.T("交付缓冲", "Delivery buffer")}

func (s *Server) customerView(ctx context.Context, idText string) (*customerView, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return nil, apperr.New(apperr.BadInput, "customer id", "id: "+strconv.Quote(idText)+" is not a number")
	}
	settings, err := s.Metrics.Health.Settings(ctx)
	if err != nil {
		return nil, err
	}
	v := &customerView{ID: id, GradeB: settings.GradeB}
	var nodes [6]sql.NullFloat64
	var score sql.NullFloat64
	var grade sql.NullString
	var scoredAt sql.NullTime
	err = s.DB.QueryRowContext(ctx, `SELECT c.name, coalesce(r.name, ''), coalesce(c.static_tier, ''),
			n.plan_approved, n.budget_approved, n.tech_connected, n.competitor_status, n.payment_terms, n.delivery_buffer,
			h.score, h.grade, h.scored_at
		FROM customers c LEFT JOIN reps r ON r.rep_id = c.owner_rep_id
		LEFT JOIN customer_health_nodes n ON n.customer_id = c.customer_id
		LEFT JOIN health_scores h ON h.customer_id = c.customer_id
		WHERE c.customer_id = $1`, id).Scan(&v.Name, &v.Owner, &v.StaticTier,
		&nodes[0], &nodes[1], &nodes[2], &nodes[3], &nodes[4], &nodes[5], &score, &grade, &scoredAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "customer "+idText+" does not exist")
	}
	if err != nil {
		return nil, err
	}
	weights := settings.Weights.Named()
	for i := range nodes {
		n := customerNode{Label: nodeLabels[i], Name: weights[i].Name, Weight: weights[i].Value, Shown: "—"}
		if nodes[i].Valid {
			x := nodes[i].Float64
			n.Value = &x
			n.Shown = strconv.FormatFloat(x, 'f', 1, 64)
		}
		v.Nodes = append(v.Nodes, n)
	}
	if score.Valid {
		v.Scored, v.Score, v.Grade, v.ScoredAt = true, score.Float64, grade.String, scoredAt.Time
		v.ActNow = v.Score < settings.GradeB
	}
	if v.Visits, err = scanAll(ctx, s.DB.DB, `SELECT v.visited_at, coalesce(r.name, ''), coalesce(v.purpose, '') FROM visits v
		LEFT JOIN reps r ON r.rep_id = v.rep_id WHERE v.customer_id = $1 ORDER BY v.visited_at DESC LIMIT 3`, []any{id},
		func(r *sql.Rows, cv *customerVisit) error { return r.Scan(&cv.VisitedAt, &cv.Rep, &cv.Purpose) }); err != nil {
		return nil, err
	}
	if v.Changes, err = scanAll(ctx, s.DB.DB, `SELECT coalesce(from_grade, ''), to_grade, score, changed_at, cause FROM grade_changes
		WHERE customer_id = $1 ORDER BY changed_at DESC, change_id DESC LIMIT 10`, []any{id},
		func(r *sql.Rows, g *gradeChange) error {
			return r.Scan(&g.From, &g.To, &g.Score, &g.ChangedAt, &g.Cause)
		}); err != nil {
		return nil, err
	}
	return v, nil
}

func (s *Server) mountCustomer() error {
	t, err := s.parsePage("customer.html")
	if err != nil {
		return err
	}
	s.App.Get("/customers/:id", func(c *fiber.Ctx) error {
		v, err := s.customerView(c.UserContext(), c.Params("id"))
		if err != nil {
			return err
		}
		loc := s.Locale(c)
		if v.ActNow {
			for _, a := range metrics.SuggestedActions {
				v.Actions = append(v.Actions, i18n.T(a.ZH, a.EN).In(loc))
			}
		}
		return s.render(c, t, v.Name, v)
	})
	return nil
}

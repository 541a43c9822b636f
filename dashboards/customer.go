package dashboards

import (
	"context"
	"fmt"
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

// customerView is what GET /customers/:id shows.
type customerView struct {
	ID         int64                   `json:"customer_id"`
	Name       string                  `json:"name"`
	Owner      string                  `json:"owner"`
	StaticTier string                  `json:"static_tier"`
	Scored     bool                    `json:"scored"`
	Score      float64                 `json:"score"`
	Grade      string                  `json:"grade"`
	ScoredAt   time.Time               `json:"scored_at"`
	ActNow     bool                    `json:"act_now"`
	Actions    []string                `json:"actions,omitempty"`
	Nodes      []customerNode          `json:"nodes"`
	Visits     []metrics.CustomerVisit `json:"last_visits"`
	Changes    []metrics.GradeChange   `json:"grade_changes"`
	GradeB     float64                 `json:"grade_b"`
}

var nodeLabels = []i18n.Text{i18n.T("采购计划已审批", "Purchase plan approved"), i18n.T("预算已批复", "Budget approved"),
	i18n.T("技术已对接", "Technical contact made"), i18n.T("竞争态势", "Competitor status"), i18n.T("付款条件", "Payment terms"),
	i18n.T("交付缓冲", "Delivery buffer")}

// customerView is the customer's health from metrics, with the node labels
// and shown values the page prints.
// The errors name the customer in the caller's language.
func (s *Server) customerView(ctx context.Context, idText, loc string) (*customerView, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return nil, apperr.New(apperr.BadInput, i18n.T("客户编号有误", "bad customer id").In(loc),
			"id: "+fmt.Sprintf(i18n.T("“%s”不是数字", "%q is not a number").In(loc), idText))
	}
	h, err := s.Metrics.Health.Customer(ctx, id)
	if apperr.KindOf(err) == apperr.NotFound {
		return nil, apperr.New(apperr.NotFound, fmt.Sprintf(i18n.T("没有编号为 %d 的客户", "there is no customer %d").In(loc), id))
	}
	if err != nil {
		return nil, err
	}
	v := &customerView{ID: h.ID, Name: h.Name, Owner: h.Owner, StaticTier: h.StaticTier,
		Scored: h.Scored, Score: h.Score, Grade: h.Grade, ScoredAt: h.ScoredAt, ActNow: h.ActNow,
		Visits: h.Visits, Changes: h.Changes, GradeB: h.Settings.GradeB}
	for i, w := range h.Settings.Weights.Named() {
		n := customerNode{Label: nodeLabels[i], Name: w.Name, Weight: w.Value, Value: h.Nodes[i], Shown: "—"}
		if n.Value != nil {
			n.Shown = strconv.FormatFloat(*n.Value, 'f', 1, 64)
		}
		v.Nodes = append(v.Nodes, n)
	}
	return v, nil
}

func (s *Server) mountCustomer() error {
	t, err := s.parsePage("customer.html")
	if err != nil {
		return err
	}
	s.App.Get("/customers/:id", func(c *fiber.Ctx) error {
		loc := s.Locale(c)
		v, err := s.customerView(c.UserContext(), c.Params("id"), loc)
		if err != nil {
			return err
		}
		if v.ActNow {
			for _, a := range metrics.SuggestedActions {
				v.Actions = append(v.Actions, a.In(loc))
			}
		}
		return s.render(c, t, v.Name, v)
	})
	return nil
}

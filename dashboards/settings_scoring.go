package dashboards

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"salesbi/apperr"
	"salesbi/config"
	"salesbi/i18n"
	"salesbi/metrics"
	"salesbi/model"
)

// scoringField is one input of the settings form.
type scoringField struct {
	Name  string // form name: w_plan … grade_b
	Label i18n.Text
	Value string
}

// scoringPage is what the settings page shows.
type scoringPage struct {
	Version  int64
	Fields   []scoringField
	Preview  *metrics.Preview
	Saved    *metrics.RescoreResult
	Problems []string
	Audit    []metrics.AuditEntry
}

var scoringLabels = map[string]i18n.Text{
	"w_plan": i18n.T("采购计划权重", "Weight: purchase plan"), "w_budget": i18n.T("预算权重", "Weight: budget"),
	"w_tech": i18n.T("技术对接权重", "Weight: technical contact"), "w_competitor": i18n.T("竞争态势权重", "Weight: competitor"),
	"w_payment": i18n.T("付款条件权重", "Weight: payment terms"), "w_delivery": i18n.T("交付缓冲权重", "Weight: delivery buffer"),
	"grade_a": i18n.T("A 级下限(绿)", "Grade A from (green)"), "grade_b": i18n.T("B 级下限(黄),低于为 C(红)", "Grade B from (yellow); below is C (red)"),
}

var scoringOrder = []string{"w_plan", "w_budget", "w_tech", "w_competitor", "w_payment", "w_delivery", "grade_a", "grade_b"}

func scoringFields(h config.HealthScoring, raw map[string]string) []scoringField {
	vals := map[string]float64{"grade_a": h.GradeA, "grade_b": h.GradeB}
	for _, nw := range h.Weights.Named() {
		vals["w_"+nw.Name] = nw.Value
	}
	var out []scoringField
	for _, n := range scoringOrder {
		v, ok := raw[n]
		if !ok {
			v = strconv.FormatFloat(vals[n], 'f', -1, 64)
		}
		out = append(out, scoringField{Name: n, Label: scoringLabels[n], Value: v})
	}
	return out
}

// parseScoringForm reads the eight numbers; a field that is not a number is
// a problem with its name.
func parseScoringForm(get func(string) string) (config.HealthScoring, map[string]string, error) {
	raw := map[string]string{}
	num := map[string]float64{}
	var problems []string
	for _, n := range scoringOrder {
		v := strings.TrimSpace(get(n))
		raw[n] = v
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			problems = append(problems, n+": "+strconv.Quote(v)+" is not a number")
			continue
		}
		num[n] = f
	}
	h := config.HealthScoring{GradeA: num["grade_a"], GradeB: num["grade_b"], Weights: config.HealthWeights{
		Plan: num["w_plan"], Budget: num["w_budget"], Tech: num["w_tech"],
		Competitor: num["w_competitor"], Payment: num["w_payment"], Delivery: num["w_delivery"]}}
	if len(problems) > 0 {
		return h, raw, apperr.New(apperr.BadInput, "health scoring settings refused, nothing was changed", problems...)
	}
	return h, raw, nil
}

func mayEditScoring(id model.Identity) error {
	if id.Role == model.RoleDirector || id.Role == model.RoleAdmin {
		return nil
	}
	return apperr.New(apperr.Forbidden, "only a director or an admin may change the scoring settings")
}

func (s *Server) mountSettingsScoring() error {
	health := s.Metrics.Health
	t, err := s.parsePage("settings_scoring.html")
	if err != nil {
		return err
	}
	page := func(c *fiber.Ctx, p scoringPage, h metrics.HealthSettings, raw map[string]string) error {
		p.Version = h.Version
		p.Fields = scoringFields(h.HealthScoring, raw)
		audit, err := metrics.HealthAudit(c.UserContext(), s.DB.DB, 20)
		if err != nil {
			return err
		}
		p.Audit = audit
		return s.render(c, t, i18n.T("评分设置", "Scoring settings").In(s.Locale(c)), p)
	}
	s.App.Get("/settings/scoring", func(c *fiber.Ctx) error {
		h, err := health.Settings(c.UserContext())
		if err != nil {
			return err
		}
		return page(c, scoringPage{}, h, nil)
	})
	// The form posts here: action=preview shows how many customers would
	// change grade without saving; action=save saves and re-grades.
	s.App.Post("/settings/scoring", func(c *fiber.Ctx) error {
		current, err := health.Settings(c.UserContext())
		if err != nil {
			return err
		}
		next, raw, err := parseScoringForm(func(k string) string { return c.FormValue(k) })
		if err == nil && c.FormValue("action") == "save" {
			err = mayEditScoring(s.Identity(c))
		}
		if err == nil {
			err = metrics.ValidateHealth(next)
		}
		if err != nil {
			if apperr.KindOf(err) != apperr.BadInput {
				return err
			}
			c.Status(fiber.StatusBadRequest)
			return page(c, scoringPage{Problems: apperr.ProblemsOf(err)}, current, raw)
		}
		if c.FormValue("action") == "save" {
			saved, res, err := health.SaveSettings(c.UserContext(), next, s.Identity(c).Login)
			if err != nil {
				return err
			}
			return page(c, scoringPage{Saved: &res}, saved, nil)
		}
		p, err := metrics.PreviewSettings(c.UserContext(), s.DB.DB, metrics.HealthSettings{HealthScoring: next})
		if err != nil {
			return err
		}
		return page(c, scoringPage{Preview: &p}, current, raw)
	})

	s.App.Get("/api/settings/scoring", func(c *fiber.Ctx) error {
		h, err := health.Settings(c.UserContext())
		if err != nil {
			return err
		}
		audit, err := metrics.HealthAudit(c.UserContext(), s.DB.DB, 50)
		if err != nil {
			return err
		}
		return OK(c, fiber.Map{"settings": h, "audit": audit})
	})
	s.App.Post("/api/settings/scoring/preview", func(c *fiber.Ctx) error {
		next, err := decodeScoring(c)
		if err != nil {
			return err
		}
		p, err := metrics.PreviewSettings(c.UserContext(), s.DB.DB, metrics.HealthSettings{HealthScoring: next})
		if err != nil {
			return err
		}
		return OK(c, p)
	})
	s.App.Put("/api/settings/scoring", func(c *fiber.Ctx) error {
		if err := mayEditScoring(s.Identity(c)); err != nil {
			return err
		}
		next, err := decodeScoring(c)
		if err != nil {
			return err
		}
		saved, res, err := health.SaveSettings(c.UserContext(), next, s.Identity(c).Login)
		if err != nil {
			return err
		}
		return OK(c, fiber.Map{"settings": saved, "scored": res.Scored, "grade_changes": res.Changed, "into_c": len(res.Drops)})
	})
	return nil
}

// decodeScoring reads {"weights": {...}, "grade_a": 85, "grade_b": 70}.
func decodeScoring(c *fiber.Ctx) (config.HealthScoring, error) {
	var h config.HealthScoring
	dec := json.NewDecoder(strings.NewReader(string(c.Body())))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return h, apperr.New(apperr.BadInput, "health scoring settings refused, nothing was changed", "body: "+err.Error())
	}
	return h, nil
}

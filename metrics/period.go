package metrics

import (
	"fmt"
	"strings"
	"time"

	"salesbi/apperr"
	"salesbi/clock"
	"salesbi/model"
)

// Period is a quarter (the calibration period, and the default for every
// other metric): its label and half-open range in the business zone. Now is
// the instant the metrics are computed at; for the current quarter the
// figures cover [From, Now).
type Period struct {
	Label    string
	From, To time.Time
	Now      time.Time
}

// QuarterPeriod reads "2026-Q3" ("" = the current quarter) at cal's now.
func QuarterPeriod(cal clock.Calendar, label string) (Period, error) {
	now := cal.Now()
	if label == "" {
		label = clock.QuarterLabel(now)
	}
	r, err := clock.ParseQuarter(label, cal.Loc)
	if err != nil {
		return Period{}, apperr.New(apperr.BadInput, "period", err.Error())
	}
	return Period{Label: label, From: r.From, To: r.To, Now: now}, nil
}

// End is the end of the figures: the period's end, or now if sooner.
func (p Period) End() time.Time {
	if p.Now.Before(p.To) {
		return p.Now
	}
	return p.To
}

// Previous is the quarter before p, at the same now.
func (p Period) Previous() Period {
	from := p.From.AddDate(0, -3, 0)
	return Period{Label: clock.QuarterLabel(from), From: from, To: p.From, Now: p.Now}
}

// stageValuesSQL is a VALUES list of the pipeline stages with their order,
// as bound parameters: lost gets -1 so moving to lost passes no gate.
func stageValuesSQL(ps *params) string {
	var rows []string
	for i, s := range model.Stages {
		idx := i
		if s == "lost" {
			idx = -1
		}
		rows = append(rows, "("+ps.bind(s)+", "+ps.bind(idx)+")")
	}
	return "(VALUES " + strings.Join(rows, ", ") + ")"
}

// gateValuesSQL is a VALUES list of the gates: stage, action, the stage's
// order and the gate's order.
func gateValuesSQL(ps *params) string {
	var rows []string
	for i, g := range model.Gates {
		rows = append(rows, "("+ps.bind(g.Stage)+", "+ps.bind(g.Action)+", "+ps.bind(model.StageIndex(g.Stage))+", "+ps.bind(i)+")")
	}
	return "(VALUES " + strings.Join(rows, ", ") + ")"
}

func wrapf(err error, format string, a ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(a, err)...)
}

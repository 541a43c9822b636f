// Package boards answers the preset dashboards (package presets) through
// the query engine: for a board, the caller's choice of global filters,
// an optional drill position and an identity, every panel's spec is built
// (presets.Board.PanelSpec, then query.Drill down the clicked points),
// validated and compiled with the caller's row restriction, run (cached,
// rollup-aware) and drawn (dashboards/charts). The page, the JSON API,
// exports and deliveries all take their numbers from Answer; nothing here
// writes SQL.
package boards

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"salesbi/clock"
	"salesbi/dashboards/charts"
	"salesbi/model"
	"salesbi/presets"
	"salesbi/query"
)

// Service answers boards. Composed once by the app (package app).
type Service struct {
	Query *query.Engine
	Cal   clock.Calendar
	DB    *model.DB // the sync log, for each panel's "data as of"
	// Currency is business.currency (CNY, USD …): money on charts.
	Currency string
	// StaleAfter marks a panel whose data is older (dashboards.stale_after,
	// default 24h).
	StaleAfter time.Duration
	// Budget is how long Answer waits for the slowest panels; those not
	// done by then come back Pending and the page fills them in.
	Budget time.Duration
	Log    *slog.Logger
	// Animation is off in test mode (stable screenshots).
	Animation bool
	// Parallel is how many panels of a board run at a time (0:
	// DefaultParallel).
	Parallel int
	// Background, when set, ends the panels still running past a board's
	// budget (the server's shutdown); Wait waits for them.
	Background context.Context

	running sync.WaitGroup // panels running, also past their answer
}

// Request is one view of one board.
type Request struct {
	Board     presets.Board
	Selection presets.Selection
	// AsOf views the board as of a past day (YYYY-MM-DD, "" = now):
	// relative periods (yesterday, this week …) are taken from it.
	AsOf string
	// Drill, when set, opens one panel at a lower level.
	Drill *Drill
	// Records pages and sorts a records level.
	Records RecordsPage
	// Only, when not empty, answers just these panels (the page filling in
	// late panels, the API's ?panel=).
	Only     []string
	Identity model.Identity
	Locale   string
}

// Drill is a drill position in one panel: the points clicked from the
// panel's top level down, each a map of column key → value as the
// answer's rows carry them (query.Drill reads them).
type Drill struct {
	Panel  string
	Points []map[string]any
}

// RecordsPage is the page of a records level: 1-based page, a sort column
// key and direction; Size 0 means DefaultPageSize.
type RecordsPage struct {
	Page int
	Size int
	Sort string
	Desc bool
}

// DefaultPageSize is the rows of a records level per page (a phone gets a
// page, never the whole set; the CSV has them all).
const DefaultPageSize = 50

// Answer is a board answered.
type Answer struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Selection is the filters as applied (defaults filled in); Period is
	// the preset name or "" for a custom range.
	Selection presets.Selection `json:"selection"`
	AsOfDay   string            `json:"asof_day,omitempty"`
	// PeriodLabel is the chosen period in words ("昨日 11-30", "本月").
	PeriodLabel string `json:"period_label"`
	// DataAsOf is the oldest of the panels' DataAsOf; Stale if any is.
	DataAsOf time.Time     `json:"data_as_of"`
	Stale    bool          `json:"stale"`
	Panels   []PanelAnswer `json:"panels"`
	Filters  FilterChoices `json:"filters"`
	Elapsed  float64       `json:"elapsed_ms"`
}

// FilterChoices are the values the board's filters offer (the rep list
// narrowed to the chosen region), read through the query engine.
type FilterChoices struct {
	Periods []Choice `json:"periods"`
	Regions []Choice `json:"regions,omitempty"`
	Reps    []Choice `json:"reps,omitempty"`
}

// Choice is one option of a filter.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// PanelAnswer is one panel answered (or why not).
type PanelAnswer struct {
	ID    string `json:"id"`
	Title string `json:"title"` // follows the period ("昨日…" only for yesterday)
	About string `json:"about"`
	Width int    `json:"width"`
	Order int    `json:"order"`
	Chart string `json:"chart"`
	// Spec is what was asked of the query engine (filters applied).
	Spec query.Spec `json:"spec"`
	// Level is the field on the axis, "records" at the bottom, "" at the
	// top of an undrilled panel; Crumbs lead back up.
	Level  string  `json:"level,omitempty"`
	Crumbs []Crumb `json:"crumbs,omitempty"`
	// Drillable says a click on a point opens the next level.
	Drillable bool `json:"drillable"`

	Columns []query.Column `json:"columns"`
	Rows    [][]any        `json:"rows"`
	// Total is the row count of a records level (all pages).
	Total int64 `json:"total,omitempty"`
	Page  int   `json:"page,omitempty"`
	// Option is the ECharts option (nil for KPI/table kinds drawn as HTML
	// too); Points[series][dataIndex] is the clicked point for a drill.
	Option *charts.Option     `json:"option,omitempty"`
	Points [][]map[string]any `json:"points,omitempty"`
	// Height, when > 0, is the chart box's height in CSS pixels (a long
	// horizontal bar scrolls inside its panel): charts.Option.Height.
	Height int `json:"height,omitempty"`
	// KPI is the card of a KPI panel (value, comparisons), drawn as HTML.
	KPI *charts.KPI `json:"kpi,omitempty"`

	// DataAsOf is when the tables the panel reads were last synced (the
	// demo company: when it was generated); Stale past StaleAfter.
	DataAsOf time.Time `json:"data_as_of"`
	Stale    bool      `json:"stale"`
	Rollup   string    `json:"rollup,omitempty"`
	Cached   bool      `json:"cached"`
	Elapsed  float64   `json:"elapsed_ms"`
	// Skipped names the board filters this panel cannot take.
	Skipped []string `json:"skipped_filters,omitempty"`
	// Empty is set when the period has no rows but the table has some.
	Empty *Empty `json:"empty,omitempty"`
	// Pending: not answered within the board's budget; fetch it alone.
	Pending bool   `json:"pending,omitempty"`
	Error   string `json:"error,omitempty"`
}

// Crumb is one step back up a drill.
type Crumb struct {
	Label string `json:"label"`
	// Value is the clicked value alone ("华东"), what a crumb link shows
	// (Label, with the dimension, is its tooltip); "" for the top.
	Value string `json:"value,omitempty"`
	// Depth is how many points stay clicked when going back to it.
	Depth int `json:"depth"`
}

// Empty says the chosen period has no rows and where the latest are.
type Empty struct {
	Message string `json:"message"`
	// Latest is the day of the newest row, AsOf the ?asof that shows it.
	Latest string `json:"latest,omitempty"`
	AsOf   string `json:"asof,omitempty"`
}

// DefaultBudget is how long a board's HTML waits for its panels: the
// cold goal at --scale 100 is 500 ms for the whole board.
const DefaultBudget = 800 * time.Millisecond

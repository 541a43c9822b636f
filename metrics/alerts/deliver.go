package alerts

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"time"

	"salesbi/clock"
	"salesbi/config"
)

// Sender delivers due alerts. Clock, Getenv and HTTP are injectable so tests
// run with a fixed clock, their own environment and a loopback receiver.
type Sender struct {
	DB     *sql.DB
	Cfg    config.Alerts
	Clock  clock.Clock
	HTTP   *http.Client
	Getenv func(string) string
	Log    *slog.Logger
}

// Backoff is the delay before attempt n+1 after n failures:
// backoff × 2^(n−1), capped at max_backoff.
func Backoff(cfg config.Alerts, failures int) time.Duration {
	d := cfg.Backoff
	for i := 1; i < failures && d < cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, cfg.MaxBackoff)
}

// channelFor is the manager's own channel if configured, else the default.
func (s *Sender) channelFor(a Alert) config.AlertChannel {
	if a.ManagerRepID != nil {
		if ch, ok := s.Cfg.Managers[*a.ManagerRepID]; ok {
			return ch
		}
	}
	return s.Cfg.Channel
}

func (s *Sender) getenv(k string) string {
	if k == "" {
		return ""
	}
	if s.Getenv != nil {
		return s.Getenv(k)
	}
	return os.Getenv(k)
}

// DeliverDue tries every due alert once and returns how many were delivered.
// An alert whose channel has no URL configured stays pending (nothing is
// lost; it goes out once the URL is set).
func (s *Sender) DeliverDue(ctx context.Context) (int, error) {
	now := s.Clock.Now()
	list, err := due(ctx, s.DB, now, 100)
	if err != nil {
		return 0, err
	}
	delivered := 0
	for _, a := range list {
		ch := s.channelFor(a)
		url := s.getenv(ch.URLEnv)
		if url == "" {
			continue
		}
		ok, err := s.attempt(ctx, a, ch, url)
		if err != nil {
			return delivered, err
		}
		if ok {
			delivered++
		}
	}
	return delivered, nil
}

// attempt sends a once, logs the attempt and moves the alert on: delivered,
// retried later with backoff, or failed after max_attempts.
func (s *Sender) attempt(ctx context.Context, a Alert, ch config.AlertChannel, url string) (bool, error) {
	start := s.Clock.Now()
	no := a.Attempts + 1
	req, err := Render(ch.Kind, url, s.getenv(ch.SecretEnv), a, start)
	status, response, errText := 0, "", ""
	if err == nil {
		status, response, err = s.post(ctx, req)
	}
	ok := false
	if err != nil {
		errText = err.Error()
	} else if ok, errText = accepted(status, []byte(response)); ok {
		errText = ""
	}
	elapsed := float64(s.Clock.Now().Sub(start).Microseconds()) / 1000
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO alert_attempts (alert_id, attempt_no, channel, attempted_at, status_code, response, error, duration_ms)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.ID, no, ch.Kind, start, status, response, nullIfEmpty(errText), elapsed); err != nil {
		return false, fmt.Errorf("logging attempt %d of alert %d: %w", no, a.ID, err)
	}
	now := s.Clock.Now()
	switch {
	case ok:
		_, err = tx.ExecContext(ctx, `UPDATE alerts SET status = 'delivered', attempts = $1, delivered_at = $2, last_error = NULL, updated_at = $3 WHERE alert_id = $4`, no, now, now, a.ID)
	case no >= s.Cfg.MaxAttempts:
		_, err = tx.ExecContext(ctx, `UPDATE alerts SET status = 'failed', attempts = $1, last_error = $2, updated_at = $3 WHERE alert_id = $4`, no, errText, now, a.ID)
	default:
		_, err = tx.ExecContext(ctx, `UPDATE alerts SET attempts = $1, last_error = $2, next_attempt_at = $3, updated_at = $4 WHERE alert_id = $5`,
			no, errText, now.Add(Backoff(s.Cfg, no)), now, a.ID)
	}
	if err != nil {
		return false, fmt.Errorf("updating alert %d: %w", a.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return false, err
	}
	if !ok && s.Log != nil {
		s.Log.Warn("alert delivery failed", "alert", a.ID, "attempt", no, "channel", ch.Kind, "err", errText)
	}
	return ok, nil
}

func (s *Sender) post(ctx context.Context, r Request) (int, string, error) {
	client := s.HTTP
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL, bytes.NewReader(r.Body))
	if err != nil {
		return 0, "", fmt.Errorf("alert webhook URL: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	return resp.StatusCode, string(b), nil
}

// Run delivers due alerts every poll_every until ctx ends.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.Cfg.PollEvery)
	defer t.Stop()
	for {
		if _, err := s.DeliverDue(ctx); err != nil && ctx.Err() == nil && s.Log != nil {
			s.Log.Error("alert delivery loop", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

package config

import (
	"fmt"
	"time"
)

// Alerts configures where grade-drop alerts go. Owned by the metrics package.
// The webhook URL and the DingTalk signing secret are read from the
// environment variables named here, never from the file.
type Alerts struct {
	// Channel is the default destination of every alert.
	Channel AlertChannel `yaml:"channel"`
	// Managers overrides the channel per manager (key: the manager's rep_id),
	// so each manager's own group robot gets their customers' alerts.
	Managers map[int64]AlertChannel `yaml:"managers"`
	// MaxAttempts before an alert is marked failed. Default 8.
	MaxAttempts int `yaml:"max_attempts"`
	// Backoff is the first retry delay, doubled after each failure. Default 30s.
	Backoff time.Duration `yaml:"backoff"`
	// MaxBackoff caps the delay. Default 1h.
	MaxBackoff time.Duration `yaml:"max_backoff"`
	// PollEvery is how often the delivery loop looks for due alerts. Default 5s.
	PollEvery time.Duration `yaml:"poll_every"`
	// BaseURL of this server, used for links in messages, e.g.
	// "http://salesbi.intranet:8080". Default "" (no links).
	BaseURL string `yaml:"base_url"`
}

// AlertChannel is one webhook.
type AlertChannel struct {
	// Kind: wecom (group robot, markdown), dingtalk (robot, optional signed
	// secret), feishu (bot) or json (generic). Default wecom.
	Kind string `yaml:"kind"`
	// URLEnv names the environment variable holding the webhook URL. Empty:
	// alerts are queued and kept, delivery waits until a URL is configured.
	URLEnv string `yaml:"url_env"`
	// SecretEnv names the variable holding DingTalk's signing secret (or
	// Feishu's); empty means no signature.
	SecretEnv string `yaml:"secret_env"`
}

// AlertKinds are the message formats salesbi can send.
var AlertKinds = []string{"wecom", "dingtalk", "feishu", "json"}

func (a *Alerts) applyDefaults() {
	if a.Channel.Kind == "" {
		a.Channel.Kind = "wecom"
	}
	for id, ch := range a.Managers {
		if ch.Kind == "" {
			ch.Kind = a.Channel.Kind
			a.Managers[id] = ch
		}
	}
	if a.MaxAttempts == 0 {
		a.MaxAttempts = 8
	}
	if a.Backoff == 0 {
		a.Backoff = 30 * time.Second
	}
	if a.MaxBackoff == 0 {
		a.MaxBackoff = time.Hour
	}
	if a.PollEvery == 0 {
		a.PollEvery = 5 * time.Second
	}
}

func (a *Alerts) validate(path string) []error {
	var errs []error
	errs = append(errs, a.Channel.validate(path+".channel")...)
	for id, ch := range a.Managers {
		errs = append(errs, ch.validate(fmt.Sprintf("%s.managers.%d", path, id))...)
	}
	if a.MaxAttempts < 1 {
		errs = append(errs, fmt.Errorf("%s.max_attempts: %d, need at least 1", path, a.MaxAttempts))
	}
	if a.Backoff < 0 || a.MaxBackoff < a.Backoff {
		errs = append(errs, fmt.Errorf("%s.backoff: %s must be ≥ 0 and ≤ max_backoff (%s)", path, a.Backoff, a.MaxBackoff))
	}
	return errs
}

func (c AlertChannel) validate(path string) []error {
	for _, k := range AlertKinds {
		if c.Kind == k {
			return nil
		}
	}
	return []error{fmt.Errorf("%s.kind: %q is not one of wecom, dingtalk, feishu, json", path, c.Kind)}
}

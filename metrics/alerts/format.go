package alerts

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Request is what one delivery sends: the URL (DingTalk signs it) and the
// JSON body.
type Request struct {
	URL  string
	Body []byte
}

// Render builds the request of alert a for a channel of kind, signed with
// secret when one is set, at instant now (the signatures carry a timestamp).
func Render(kind, webhookURL, secret string, a Alert, now time.Time) (Request, error) {
	var body any
	target := webhookURL
	switch kind {
	case "wecom":
		// WeCom group robot: markdown message, content up to 4096 bytes.
		body = map[string]any{"msgtype": "markdown", "markdown": map[string]any{
			"content": truncateBytes("### "+a.Title+"\n"+a.Body, 4096)}}
	case "dingtalk":
		body = map[string]any{"msgtype": "markdown", "markdown": map[string]any{"title": a.Title, "text": "### " + a.Title + "\n" + a.Body}}
		if secret != "" {
			signed, err := dingTalkSign(webhookURL, secret, now)
			if err != nil {
				return Request{}, err
			}
			target = signed
		}
	case "feishu":
		card := map[string]any{
			"header":   map[string]any{"title": map[string]any{"tag": "plain_text", "content": a.Title}, "template": "red"},
			"elements": []any{map[string]any{"tag": "markdown", "content": a.Body}},
		}
		m := map[string]any{"msg_type": "interactive", "card": card}
		if secret != "" {
			ts, sign := FeishuSign(secret, now)
			m["timestamp"], m["sign"] = ts, sign
		}
		body = m
	case "json":
		body = map[string]any{"alert_id": a.ID, "kind": a.Kind, "customer_id": a.CustomerID,
			"manager_rep_id": a.ManagerRepID, "title": a.Title, "markdown": a.Body, "created_at": a.CreatedAt}
	default:
		return Request{}, fmt.Errorf("alert channel kind %q is not wecom, dingtalk, feishu or json", kind)
	}
	b, err := json.Marshal(body)
	if err != nil {
		return Request{}, err
	}
	return Request{URL: target, Body: b}, nil
}

// DingTalkSignature is DingTalk's signed-secret mode: the string
// "timestamp\nsecret" HMAC-SHA256'd with the secret as key, base64-encoded
// (the caller URL-encodes it into the query).
func DingTalkSignature(secret string, tsMillis int64) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(tsMillis, 10) + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func dingTalkSign(webhookURL, secret string, now time.Time) (string, error) {
	u, err := url.Parse(webhookURL)
	if err != nil {
		return "", fmt.Errorf("DingTalk webhook URL: %w", err)
	}
	ts := now.UnixMilli()
	q := u.Query()
	q.Set("timestamp", strconv.FormatInt(ts, 10))
	q.Set("sign", DingTalkSignature(secret, ts)) // Encode url-encodes it
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// FeishuSign is Feishu's signature: HMAC-SHA256 keyed by "timestamp\nsecret"
// over an empty message, base64; timestamp in seconds.
func FeishuSign(secret string, now time.Time) (string, string) {
	ts := strconv.FormatInt(now.Unix(), 10)
	mac := hmac.New(sha256.New, []byte(ts+"\n"+secret))
	return ts, base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

func truncateBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n-3]
	for !isRuneStart(s) {
		s = s[:len(s)-1]
	}
	return s + "..."
}

// isRuneStart reports whether s does not end inside a multi-byte rune.
func isRuneStart(s string) bool {
	return strings.ToValidUTF8(s, "") == s
}

// accepted reads the robots' own result codes: WeCom and DingTalk answer 200
// with {"errcode": 0}, Feishu with {"code": 0} (older: StatusCode); a
// non-zero code is a failure even with HTTP 200.
func accepted(status int, body []byte) (bool, string) {
	if status < 200 || status > 299 {
		return false, fmt.Sprintf("HTTP %d", status)
	}
	var r map[string]any
	if json.Unmarshal(body, &r) != nil {
		return true, ""
	}
	for _, k := range []string{"errcode", "code", "StatusCode"} {
		if v, ok := r[k].(float64); ok && v != 0 {
			return false, fmt.Sprintf("%s %v: %v", k, v, firstOf(r, "errmsg", "msg", "StatusMessage"))
		}
	}
	return true, ""
}

func firstOf(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok {
			return v
		}
	}
	return ""
}

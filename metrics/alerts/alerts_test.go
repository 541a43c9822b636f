package alerts

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"salesbi/clock"
	"salesbi/config"
	"salesbi/model"
)

// receiver is a real HTTP server on loopback that records bodies and fails
// the first `fail` requests with 500.
type receiver struct {
	mu     sync.Mutex
	fail   int
	bodies [][]byte
	urls   []string
	srv    *httptest.Server
}

func newReceiver(t *testing.T, fail int) *receiver {
	r := &receiver{fail: fail}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.urls = append(r.urls, req.URL.String())
		if r.fail > 0 {
			r.fail--
			w.WriteHeader(500)
			_, _ = w.Write([]byte(`{"errcode":-1,"errmsg":"busy"}`))
			return
		}
		r.bodies = append(r.bodies, b)
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) got() [][]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([][]byte{}, r.bodies...)
}

func testCfg(kind string) config.Alerts {
	c := config.Default().Alerts
	c.Channel = config.AlertChannel{Kind: kind, URLEnv: "HOOK", SecretEnv: "SECRET"}
	c.Backoff, c.MaxBackoff, c.MaxAttempts = time.Second, 8*time.Second, 5
	return c
}

func sender(db *model.DB, cfg config.Alerts, clk clock.Clock, url, secret string) *Sender {
	env := map[string]string{"HOOK": url, "SECRET": secret}
	return &Sender{DB: db.DB, Cfg: cfg, Clock: clk, Getenv: func(k string) string { return env[k] }}
}

func openFile(t *testing.T, path string) *model.DB {
	db, err := model.Open(context.Background(), path, model.Options{MemoryLimit: "1GB", Threads: 1})
	require.NoError(t, err)
	return db
}

func sample() Alert {
	c, m := int64(7), int64(100)
	return Alert{Kind: KindDrop, CustomerID: &c, ManagerRepID: &m, Title: "客户健康预警：华西大学 降为 C 级", Body: "客户 **华西大学** 健康分 72.5 → 60.0\n1. 重新确认采购计划"}
}

func TestWeComMessageDeliveredExactlyOnce(t *testing.T) {
	ctx := context.Background()
	db := openFile(t, ":memory:")
	defer db.Close()
	clk := clock.NewFixed(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC))
	rcv := newReceiver(t, 0)
	s := sender(db, testCfg("wecom"), clk, rcv.srv.URL+"/cgi-bin/webhook/send?key=k", "")
	_, err := Enqueue(ctx, db, sample(), clk.Now())
	require.NoError(t, err)

	n, err := s.DeliverDue(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	// Delivered alerts are not sent again.
	clk.Advance(time.Hour)
	n, err = s.DeliverDue(ctx)
	require.NoError(t, err)
	require.Equal(t, 0, n)

	bodies := rcv.got()
	require.Len(t, bodies, 1)
	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	require.NoError(t, json.Unmarshal(bodies[0], &msg))
	require.Equal(t, "markdown", msg.MsgType)
	require.Contains(t, msg.Markdown.Content, "### 客户健康预警：华西大学 降为 C 级\n")
	require.Contains(t, msg.Markdown.Content, "重新确认采购计划")

	list, err := List(ctx, db.DB, "", 10)
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, StatusDelivered, list[0].Status)
	att, err := Attempts(ctx, db.DB, list[0].ID)
	require.NoError(t, err)
	require.Len(t, att, 1)
	require.Equal(t, 200, att[0].StatusCode)
	require.Contains(t, att[0].Response, `"errcode":0`)
}

func TestRetriesWithBackoffAndSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "alerts.duckdb")
	clk := clock.NewFixed(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC))
	rcv := newReceiver(t, 2)
	cfg := testCfg("wecom")

	db := openFile(t, path)
	_, err := Enqueue(ctx, db, sample(), clk.Now())
	require.NoError(t, err)
	s := sender(db, cfg, clk, rcv.srv.URL, "")
	n, err := s.DeliverDue(ctx) // attempt 1: 500
	require.NoError(t, err)
	require.Equal(t, 0, n)
	// Not due again before the backoff (1 s) has passed.
	clk.Advance(500 * time.Millisecond)
	n, err = s.DeliverDue(ctx)
	require.NoError(t, err)
	require.Equal(t, 0, n)
	require.Len(t, rcv.urls, 1)

	// The server restarts between tries: the queue is in the file.
	require.NoError(t, db.Close())
	db = openFile(t, path)
	defer db.Close()
	s = sender(db, cfg, clk, rcv.srv.URL, "")

	clk.Advance(600 * time.Millisecond) // 1.1 s after attempt 1
	n, err = s.DeliverDue(ctx)          // attempt 2: 500, next in 2 s
	require.NoError(t, err)
	require.Equal(t, 0, n)
	clk.Advance(1900 * time.Millisecond)
	n, _ = s.DeliverDue(ctx)
	require.Equal(t, 0, n, "backoff doubled to 2 s")
	clk.Advance(200 * time.Millisecond)
	n, err = s.DeliverDue(ctx) // attempt 3: delivered
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, rcv.got(), 1)

	list, err := List(ctx, db.DB, "", 10)
	require.NoError(t, err)
	require.Equal(t, StatusDelivered, list[0].Status)
	require.Equal(t, 3, list[0].Attempts)
	att, err := Attempts(ctx, db.DB, list[0].ID)
	require.NoError(t, err)
	require.Len(t, att, 3)
	require.Equal(t, []int{500, 500, 200}, []int{att[0].StatusCode, att[1].StatusCode, att[2].StatusCode})
	require.Contains(t, att[0].Error, "HTTP 500")
	require.Contains(t, att[0].Response, "busy")
}

func TestGivesUpAfterMaxAttempts(t *testing.T) {
	ctx := context.Background()
	db := openFile(t, ":memory:")
	defer db.Close()
	clk := clock.NewFixed(time.Date(2026, 11, 27, 1, 0, 0, 0, time.UTC))
	rcv := newReceiver(t, 100)
	cfg := testCfg("json")
	cfg.MaxAttempts = 3
	s := sender(db, cfg, clk, rcv.srv.URL, "")
	_, err := Enqueue(ctx, db, sample(), clk.Now())
	require.NoError(t, err)
	for i := 0; i < 5; i++ {
		_, err := s.DeliverDue(ctx)
		require.NoError(t, err)
		clk.Advance(time.Minute)
	}
	list, _ := List(ctx, db.DB, "", 1)
	require.Equal(t, StatusFailed, list[0].Status)
	require.Equal(t, 3, list[0].Attempts)
}

func TestBackoffDoublesAndCaps(t *testing.T) {
	cfg := testCfg("wecom")
	got := []time.Duration{}
	for n := 1; n <= 6; n++ {
		got = append(got, Backoff(cfg, n))
	}
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}, got)
}

func TestDingTalkSignedSecret(t *testing.T) {
	// Signature of "1700000000000\nSECabc" keyed by "SECabc", checked against
	// an independent computation: openssl dgst -sha256 -hmac SECabc -binary | base64.
	sig := DingTalkSignature("SECabc", 1700000000000)
	require.Equal(t, "jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=", sig)

	now := time.UnixMilli(1700000000000)
	req, err := Render("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc", sample(), now)
	require.NoError(t, err)
	u, err := url.Parse(req.URL)
	require.NoError(t, err)
	require.Equal(t, "t", u.Query().Get("access_token"))
	require.Equal(t, "1700000000000", u.Query().Get("timestamp"))
	require.Equal(t, sig, u.Query().Get("sign"))
	require.Contains(t, u.RawQuery, "sign="+url.QueryEscape(sig))
	var body struct {
		MsgType  string            `json:"msgtype"`
		Markdown map[string]string `json:"markdown"`
	}
	require.NoError(t, json.Unmarshal(req.Body, &body))
	require.Equal(t, "markdown", body.MsgType)
	require.Equal(t, sample().Title, body.Markdown["title"])
}

func TestFeishuAndJSONFormats(t *testing.T) {
	now := time.Unix(1700000000, 0)
	req, err := Render("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x", "s", sample(), now)
	require.NoError(t, err)
	var f map[string]any
	require.NoError(t, json.Unmarshal(req.Body, &f))
	require.Equal(t, "interactive", f["msg_type"])
	require.Equal(t, "1700000000", f["timestamp"])
	require.NotEmpty(t, f["sign"])

	req, err = Render("json", "http://x", "", sample(), now)
	require.NoError(t, err)
	var g map[string]any
	require.NoError(t, json.Unmarshal(req.Body, &g))
	require.Equal(t, "drop", g["kind"])
	require.Equal(t, float64(7), g["customer_id"])

	_, err = Render("sms", "http://x", "", sample(), now)
	require.ErrorContains(t, err, "not wecom, dingtalk, feishu or json")
}

func TestRobotErrorCodeIsAFailure(t *testing.T) {
	ok, why := accepted(200, []byte(`{"errcode":93000,"errmsg":"invalid webhook url"}`))
	require.False(t, ok)
	require.Contains(t, why, "invalid webhook url")
	ok, _ = accepted(200, []byte(`{"code":0,"msg":"success"}`))
	require.True(t, ok)
}

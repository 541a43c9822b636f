// Package progress shows long work (demo generation, sync, export): a bar on
// a terminal, plain lines otherwise (CI logs, pipes).
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// Reporter receives progress of named steps. Implementations are safe for
// concurrent use.
type Reporter interface {
	// Step reports done of total units (rows) for step; total < 0 if unknown.
	Step(step string, done, total int64)
	// Done closes step.
	Done(step string)
}

// Nop discards progress.
type Nop struct{}

func (Nop) Step(string, int64, int64) {}
func (Nop) Done(string)               {}

// New picks a bar for a terminal and plain lines for anything else.
func New(w io.Writer) Reporter {
	if f, ok := w.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		return &bars{w: w, bars: map[string]*progressbar.ProgressBar{}}
	}
	return &lines{w: w, last: map[string]time.Time{}, start: map[string]time.Time{}}
}

type bars struct {
	mu   sync.Mutex
	w    io.Writer
	bars map[string]*progressbar.ProgressBar
}

func (b *bars) Step(step string, done, total int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bar, ok := b.bars[step]
	if !ok {
		bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(b.w),
			progressbar.OptionSetDescription(fmt.Sprintf("%-22s", step)),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("rows"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(b.w) }),
		)
		b.bars[step] = bar
	}
	_ = bar.Set64(done)
}

func (b *bars) Done(step string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if bar, ok := b.bars[step]; ok {
		_ = bar.Finish()
		delete(b.bars, step)
	}
}

// lines prints at most one line per step per second, plus a final line with
// the rate, so logs stay readable.
type lines struct {
	mu    sync.Mutex
	w     io.Writer
	last  map[string]time.Time
	start map[string]time.Time
	done  int64
}

func (l *lines) Step(step string, done, total int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if _, ok := l.start[step]; !ok {
		l.start[step] = now
	}
	l.done = done
	if now.Sub(l.last[step]) < time.Second {
		return
	}
	l.last[step] = now
	if total > 0 {
		fmt.Fprintf(l.w, "%s: %d/%d rows (%.0f%%)\n", step, done, total, 100*float64(done)/float64(total))
	} else {
		fmt.Fprintf(l.w, "%s: %d rows\n", step, done)
	}
}

func (l *lines) Done(step string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	el := time.Since(l.start[step])
	if el < 50*time.Millisecond {
		// Reported once, at the end: no meaningful rate to show.
		fmt.Fprintf(l.w, "%s: done, %d rows\n", step, l.done)
	} else {
		fmt.Fprintf(l.w, "%s: done, %d rows in %s (%.0f rows/s)\n", step, l.done, el.Round(time.Millisecond), float64(l.done)/el.Seconds())
	}
	delete(l.start, step)
	delete(l.last, step)
}

// Package clientgone notices that an HTTP client has closed its connection
// while its request is still being handled. fasthttp (and so fiber) does
// not read from a connection while a handler runs and never tells the
// handler that the peer went away, so a chart query would run to the end
// for nobody. Watch peeks at the socket — without consuming a byte, so a
// kept-alive connection is left exactly as it was — and cancels the
// request's context when the peer has closed or reset it.
package clientgone

import (
	"context"
	"net"
	"time"
)

// Watch cancels cancel once the peer of conn closes it. The returned stop
// must be called before the handler's response is written (before the
// connection is used again); it ends the watch and leaves conn with no
// read deadline. On connections that cannot be peeked at (TLS, pipes,
// other systems) Watch does nothing and stop is a no-op.
func Watch(conn net.Conn, cancel context.CancelFunc) (stop func()) {
	done, ok := watch(conn, cancel)
	if !ok {
		return func() {}
	}
	return func() {
		// A read deadline in the past wakes the poller the watcher
		// waits in; the zero deadline afterwards hands the connection
		// back to fasthttp as it was (it sets its own deadlines).
		_ = conn.SetReadDeadline(time.Unix(1, 0))
		<-done
		_ = conn.SetReadDeadline(time.Time{})
	}
}

package clientgone

import (
	"context"
	"errors"
	"net"
	"syscall"

	"golang.org/x/sys/unix"
)

// watch waits in Go's network poller until the socket is readable, then
// peeks (MSG_PEEK): 0 bytes is the peer's FIN, an error such as
// ECONNRESET a dead peer — both cancel. Bytes waiting mean the client
// sent more (a pipelined request): it is still there, and the watch ends.
func watch(conn net.Conn, cancel context.CancelFunc) (<-chan struct{}, bool) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil, false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil, false
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		var b [1]byte
		// raw.Read returns when the function says it is done, or with
		// the deadline error when stop wakes it.
		_ = raw.Read(func(fd uintptr) bool {
			for {
				n, _, err := unix.Recvfrom(int(fd), b[:], unix.MSG_PEEK|unix.MSG_DONTWAIT)
				switch {
				case errors.Is(err, unix.EINTR):
					continue
				case errors.Is(err, unix.EAGAIN):
					return false // nothing yet: wait for the socket to become readable
				case err != nil, n == 0:
					cancel()
				}
				return true
			}
		})
	}()
	return done, true
}

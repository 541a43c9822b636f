//go:build !linux

package clientgone

import (
	"context"
	"net"
)

// watch is not available here: requests end by their deadline only.
func watch(net.Conn, context.CancelFunc) (<-chan struct{}, bool) { return nil, false }

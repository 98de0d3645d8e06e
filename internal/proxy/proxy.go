// Package proxy decides which reverse proxies may speak for a request:
// only a connection from one of the operator's trusted addresses
// (RELIEF_TRUSTED_PROXIES) may set X-Forwarded-For and X-Forwarded-Proto.
// From anyone else those headers are ignored, so a caller cannot forge the
// client address the audit log records or make a plain-HTTP cookie Secure.
package proxy

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Trusted is the set of proxy addresses whose forwarding headers count.
// The zero value trusts nobody.
type Trusted struct {
	nets []netip.Prefix
}

// Parse reads a comma-separated list of CIDRs or single addresses
// (10.0.0.0/8, 127.0.0.1, ::1). Empty trusts nobody.
func Parse(s string) (Trusted, error) {
	var t Trusted
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return Trusted{}, fmt.Errorf("%q is neither an address nor a CIDR", f)
			}
			f = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()).String()
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return Trusted{}, fmt.Errorf("%q is neither an address nor a CIDR", f)
		}
		t.nets = append(t.nets, p.Masked())
	}
	return t, nil
}

// Any reports whether some proxy is trusted.
func (t Trusted) Any() bool { return len(t.nets) > 0 }

// CIDRs lists the trusted networks, as gin's SetTrustedProxies takes them.
func (t Trusted) CIDRs() []string {
	out := make([]string, len(t.nets))
	for i, p := range t.nets {
		out[i] = p.String()
	}
	return out
}

func (t Trusted) trusts(ip string) bool {
	a, err := netip.ParseAddr(strings.TrimSpace(ip))
	if err != nil {
		return false
	}
	a = a.Unmap()
	for _, p := range t.nets {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// ClientIP is the address of the request's client: the connection's peer,
// or, when the peer is a trusted proxy, the nearest address in
// X-Forwarded-For that is not itself a trusted proxy (read right to
// left, as each proxy appends the address it saw).
func (t Trusted) ClientIP(r *http.Request) string {
	ip := peer(r)
	if !t.trusts(ip) {
		return ip
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		if _, err := netip.ParseAddr(h); err != nil {
			return ip // a malformed hop: stop believing the chain
		}
		ip = h
		if !t.trusts(h) {
			return h
		}
	}
	return ip
}

// Secure reports whether the client reached us over TLS: directly, or
// through a trusted proxy that says X-Forwarded-Proto: https.
func (t Trusted) Secure(r *http.Request) bool {
	return r.TLS != nil || (t.trusts(peer(r)) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https"))
}

package proxy

import (
	"crypto/tls"
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	trusted, err := Parse("10.0.0.0/8, 127.0.0.1, ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer, xff, proto string
		t                      Trusted
		ip                     string
		secure                 bool
	}{
		{name: "nobody trusted: the header is ignored", peer: "203.0.113.9:5000", xff: "1.2.3.4", proto: "https", ip: "203.0.113.9"},
		{name: "untrusted peer forging", peer: "203.0.113.9:5000", xff: "1.2.3.4", proto: "https", t: trusted, ip: "203.0.113.9"},
		{name: "trusted proxy", peer: "127.0.0.1:5000", xff: "198.51.100.7", proto: "https", t: trusted, ip: "198.51.100.7", secure: true},
		{name: "client forging behind a trusted proxy", peer: "10.1.2.3:5000", xff: "1.2.3.4, 198.51.100.7", t: trusted, ip: "198.51.100.7"},
		{name: "two trusted proxies", peer: "10.1.2.3:5000", xff: "198.51.100.7, 10.9.9.9", t: trusted, ip: "198.51.100.7"},
		{name: "malformed hop", peer: "10.1.2.3:5000", xff: "not-an-ip", t: trusted, ip: "10.1.2.3"},
		{name: "trusted proxy without header", peer: "[::1]:5000", t: trusted, ip: "::1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			if tc.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if got := tc.t.ClientIP(r); got != tc.ip {
				t.Errorf("ClientIP = %s, want %s", got, tc.ip)
			}
			if got := tc.t.Secure(r); got != tc.secure {
				t.Errorf("Secure = %v, want %v", got, tc.secure)
			}
			r.TLS = &tls.ConnectionState{}
			if !tc.t.Secure(r) {
				t.Errorf("a TLS connection is not Secure")
			}
		})
	}
	for _, bad := range []string{"10.0.0.0/33", "localhost", "1.2.3"} {
		if _, err := Parse(bad); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
	if got := trusted.CIDRs(); len(got) != 3 || got[1] != "127.0.0.1/32" {
		t.Errorf("CIDRs = %v", got)
	}
}

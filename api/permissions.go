package api

import (
	"strings"

	"reliefledger/access"
)

// PermissionTable renders the route table as Markdown: one row per route,
// one column per role. The README carries this table; a test keeps it
// current.
func (s *Server) PermissionTable() string {
	var b strings.Builder
	b.WriteString("| route |")
	for _, r := range access.Roles {
		b.WriteString(" " + string(r) + " |")
	}
	b.WriteString("\n|---|")
	for range access.Roles {
		b.WriteString(":-:|")
	}
	b.WriteString("\n")
	for _, rt := range s.routes() {
		b.WriteString("| `" + rt.Method + " " + openAPIPath(rt.Path) + "` |")
		allowed := map[access.Role]bool{}
		for _, r := range rt.Roles {
			allowed[r] = true
		}
		for _, r := range access.Roles {
			switch {
			case rt.Roles == nil:
				b.WriteString(" public |")
			case allowed[r]:
				b.WriteString(" ✓ |")
			default:
				b.WriteString("   |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

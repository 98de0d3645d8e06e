package api

import (
	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/access"
)

// noDistrict confines a district officer who has no district to nothing.
const noDistrict = "\x00none"

// districtScope returns the district the caller is confined to, or "" for
// province-wide roles. Scoped data of other districts is answered as not
// found, never as forbidden, so its existence does not leak.
func districtScope(c *gin.Context) string {
	p, _ := principal(c)
	if p.User.Role != access.DistrictOfficer {
		return ""
	}
	if p.User.District == "" {
		return noDistrict
	}
	return p.User.District
}

// visibleDistrict reports whether the caller may see data of district d
// ("" is province-wide data).
func visibleDistrict(c *gin.Context, d string) bool {
	scope := districtScope(c)
	return scope == "" || d == "" || d == scope
}

// districtFilter is a ?district= filter as the caller may use it. A
// district officer asking for no district gets their own; asking for any
// other district, existing or not, gets the same 404 as an unknown one, so
// a filter never silently answers with the caller's own district and never
// reveals which districts exist.
func (s *Server) districtFilter(c *gin.Context) (string, error) {
	want, scope := c.Query("district"), districtScope(c)
	if want == "" {
		return scope, nil
	}
	if (scope != "" && want != scope) || (s.Households != nil && !s.Households.DistrictExists(c.Request.Context(), want)) {
		return "", rl.Errorf(rl.NotFound, "no district %q", want)
	}
	return want, nil
}

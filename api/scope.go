package api

import (
	"github.com/gin-gonic/gin"

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

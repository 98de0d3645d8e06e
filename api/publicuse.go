package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
)

type useJSON struct {
	District      string            `json:"district"`
	Households    int               `json:"households"`
	Paid          int               `json:"households_given_money"`
	ToHouseholds  string            `json:"to_households"`
	PerHousehold  string            `json:"per_household"`
	Organisations int               `json:"organisations"`
	ToOrgs        string            `json:"to_organisations"`
	Goods         map[string]string `json:"goods"`
}

// publicUse shows, without a token, what a fund's money and goods did by
// district: households reached, amounts and the support per household —
// the part of disclosure that was missing in 2024.
func (s *Server) publicUse(c *gin.Context) {
	var fe rl.Fields
	from, to := queryDate(c, "from", &fe), queryDate(c, "to", &fe)
	if c.Query("fund") == "" {
		fe.Add("fund", "is required, e.g. fund=COVID")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	fundID, err := s.fundParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	uses, err := s.Distribution.Use(c.Request.Context(), fundID, from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[useJSON]{Data: []useJSON{}}
	for _, u := range uses {
		g := map[string]string{}
		for k, v := range u.Goods {
			g[k] = v.String()
		}
		out.Data = append(out.Data, useJSON{District: u.District, Households: u.Households, Paid: u.PaidHouseholds, ToHouseholds: u.ToHouseholds.String(),
			PerHousehold: u.PerHousehold.String(), Organisations: u.Organisations, ToOrgs: u.ToOrgs.String(), Goods: g})
	}
	c.JSON(http.StatusOK, out)
}

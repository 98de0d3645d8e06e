package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
)

type useJSON struct {
	District      string     `json:"district"`
	Households    int        `json:"households" jsonschema_description:"households reached"`
	Paid          int        `json:"households_given_money" jsonschema_description:"the divisor of per_household"`
	ToHouseholds  string     `json:"to_households" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	PerHousehold  string     `json:"per_household" jsonschema:"format=decimal" jsonschema_description:"đồng, rounded"`
	Organisations int        `json:"organisations" jsonschema_description:"deliveries to organisations"`
	ToOrgs        string     `json:"to_organisations" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	Goods         decimalMap `json:"goods" jsonschema_description:"quantity by item"`
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

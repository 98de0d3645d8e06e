package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/shopspring/decimal"

	rl "reliefledger"
)

type useJSON struct {
	District      string     `json:"district" jsonschema_description:"district code; empty for the province's own warehouses"`
	Households    int        `json:"households" jsonschema_description:"households reached"`
	Paid          int        `json:"households_given_money" jsonschema_description:"the divisor of per_household"`
	ToHouseholds  string     `json:"to_households" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	PerHousehold  string     `json:"per_household" jsonschema:"format=decimal" jsonschema_description:"đồng, rounded"`
	Organisations int        `json:"organisations" jsonschema_description:"deliveries and goods issues to organisations (checkpoints, quarantine sites, relief trips); a reversed issue takes one back"`
	ToOrgs        string     `json:"to_organisations" jsonschema:"format=decimal" jsonschema_description:"money, đồng"`
	Goods         decimalMap `json:"goods" jsonschema_description:"quantity by item, to households and organisations"`
	GoodsToOrgs   decimalMap `json:"goods_to_organisations" jsonschema_description:"of goods, the quantity by item that went to organisations"`
	GoodsToOrgsV  string     `json:"goods_to_organisations_value" jsonschema:"format=decimal" jsonschema_description:"đồng at average cost of the goods issued to organisations from warehouses"`
	Trips         int        `json:"relief_trips" jsonschema_description:"of organisations, the relief trips and frontline support (a cancelled one takes one back)"`
}

// publicUseJSON is the use of a fund by district and its relief trips.
type publicUseJSON struct {
	Data  []useJSON        `json:"data"`
	Trips []publicTripJSON `json:"relief_trips" jsonschema_description:"relief trips and frontline support whose first day is in the period"`
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
	trips, err := s.Distribution.PublicTrips(c.Request.Context(), fundID, from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := publicUseJSON{Data: []useJSON{}, Trips: publicTrips(trips)}
	for _, u := range uses {
		out.Data = append(out.Data, useJSON{District: u.District, Households: u.Households, Paid: u.PaidHouseholds, ToHouseholds: u.ToHouseholds.String(),
			PerHousehold: u.PerHousehold.String(), Organisations: u.Organisations, ToOrgs: u.ToOrgs.String(), Goods: decimalStrings(u.Goods),
			GoodsToOrgs: decimalStrings(u.GoodsToOrgs), GoodsToOrgsV: u.GoodsToOrgsValue.String(), Trips: u.Trips})
	}
	c.JSON(http.StatusOK, out)
}

// decimalStrings writes each decimal of m as a JSON decimal string.
func decimalStrings(m map[string]decimal.Decimal) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v.String()
	}
	return out
}

package api

import (
	"github.com/gin-gonic/gin"
	"net/http"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/exports"
)

type deliveryImportJSON struct {
	Rows     int            `json:"rows" jsonschema_description:"rows marked received"`
	Recorded int            `json:"recorded" jsonschema_description:"deliveries recorded"`
	DryRun   bool           `json:"dry_run"`
	Data     []deliveryJSON `json:"data"`
}

// importDeliveries records the deliveries of a signed distribution list:
// the rows a district marked received. All or none.
func (s *Server) importDeliveries(c *gin.Context) {
	var fe rl.Fields
	l := distribution.SignedList{Plan: queryInt(c, "plan", &fe), HandedOverBy: c.Query("handed_over_by"), DryRun: c.Query("dry_run") == "true"}
	if l.Plan == 0 {
		fe.Add("plan", "is required: the plan the list belongs to")
	}
	if v := c.Query("dry_run"); v != "" && v != "true" && v != "false" {
		fe.Add("dry_run", "must be true or false")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	name, body, err := uploadedFile(c)
	if err == nil {
		l.File = name
		l.Rows, err = exports.ReadDistributionList(body, s.uploadLimits())
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, replayed, err := s.Distribution.DeliverSigned(c.Request.Context(), actor(c), districtScope(c), l)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := deliveryImportJSON{Rows: len(l.Rows), Recorded: len(ds), DryRun: l.DryRun, Data: []deliveryJSON{}}
	for _, d := range ds {
		out.Data = append(out.Data, deliveryOut(d))
	}
	setTarget(c, "allocation-plan", l.Plan)
	if l.DryRun { // checked, nothing created
		c.JSON(http.StatusOK, out)
		return
	}
	created(c, replayed, out)
}

package api

import (
	"fmt"
	"regexp"
	"strconv"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/distribution"
	"reliefledger/exports"
)

type deliveryImportJSON struct {
	Rows     int            `json:"rows"`
	Recorded int            `json:"recorded"`
	DryRun   bool           `json:"dry_run"`
	Data     []deliveryJSON `json:"data"`
}

// importDeliveries records the deliveries of a signed distribution list:
// the rows a district marked received. All or none; a problem names the
// sheet and row of the file.
func (s *Server) importDeliveries(c *gin.Context) {
	var fe rl.Fields
	plan := queryInt(c, "plan", &fe)
	if plan == 0 {
		fe.Add("plan", "is required: the plan the list belongs to")
	}
	dry := c.Query("dry_run") == "true"
	if v := c.Query("dry_run"); v != "" && v != "true" && v != "false" {
		fe.Add("dry_run", "must be true or false")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	name, body, err := uploadedFile(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, problems, err := exports.ReadDistributionList(body)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, p := range problems {
		fe.Add(fmt.Sprintf("%s!%d", p.Sheet, p.Line), "%s", p.Message)
	}
	if len(rows) == 0 && len(problems) == 0 {
		fe.Add("file", "no row is marked received (write x and the date in the list's columns)")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	b := distribution.DeliveryBatch{Plan: plan}
	for _, r := range rows {
		by := r.HandedOverBy
		if by == "" {
			by = c.Query("handed_over_by")
		}
		b.Items = append(b.Items, distribution.DeliveryInput{Household: r.Household, Date: r.Date, HandedOverBy: by,
			Proof: fmt.Sprintf("%s, %s dòng %d", name, r.Sheet, r.Line)})
	}
	out := deliveryImportJSON{Rows: len(rows), DryRun: dry, Data: []deliveryJSON{}}
	if dry {
		err = s.Distribution.CheckDeliveries(c.Request.Context(), districtScope(c), b)
		if err != nil {
			s.fail(c, fileRows(err, rows))
			return
		}
		created(c, false, out)
		return
	}
	ds, replayed, err := s.Distribution.Deliver(c.Request.Context(), actor(c), districtScope(c), b)
	if err != nil {
		s.fail(c, fileRows(err, rows))
		return
	}
	out.Recorded = len(ds)
	for _, d := range ds {
		out.Data = append(out.Data, deliveryOut(d))
	}
	setTarget(c, "allocation-plan", plan)
	created(c, replayed, out)
}

var deliveryField = regexp.MustCompile(`^deliveries\[(\d+)\]`)

// fileRows renames deliveries[i] fields after the file's sheet and row.
func fileRows(err error, rows []exports.ListRow) error {
	e, ok := rl.AsError(err)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]rl.FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out.Fields[i] = f
		if m := deliveryField.FindStringSubmatch(f.Field); m != nil {
			if n, _ := strconv.Atoi(m[1]); n < len(rows) {
				out.Fields[i].Field = fmt.Sprintf("%s!%d", rows[n].Sheet, rows[n].Line)
			}
		}
	}
	return &out
}

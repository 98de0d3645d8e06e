package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/exports"
	"reliefledger/reports"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportSources are the services the workbooks read.
func (s *Server) exportSources() exports.Sources {
	return exports.Sources{Ledger: s.Ledger, Donations: s.Donations, Goods: s.Goods, Distribution: s.Distribution, Households: s.Households,
		Reports: s.summaryService()}
}

// exportWorkbook streams a workbook to the client as it is written: rows go
// out as they are read, and when the client goes away the request's
// context ends and the writer stops at its next row. The audit log records
// every download with its filters (the query).
func (s *Server) exportWorkbook(c *gin.Context) {
	name, ok := strings.CutSuffix(c.Param("name"), ".xlsx")
	if !ok {
		s.fail(c, rl.Errorf(rl.NotFound, "exports are .xlsx files: /api/v1/exports/%s.xlsx", c.Param("name")))
		return
	}
	pr, _ := principal(c)
	meta := exports.Meta{GeneratedAt: time.Now(), UserName: pr.User.Name, UserID: pr.User.ID, Role: string(pr.User.Role),
		English: c.Query("lang") == "en", Filters: map[string]string{}}
	for k, v := range c.Request.URL.Query() {
		meta.Filters[k] = v[0]
	}
	var fe rl.Fields
	p := exports.Params{Fund: c.Query("fund"), From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe), AsOf: queryDate(c, "as_of", &fe),
		Plan: queryInt(c, "plan", &fe), Warehouse: c.Query("warehouse"), Item: c.Query("item"),
		SeesIdentity: access.SeesIdentity(pr.User.Role), Scope: districtScope(c)}
	p.DeadlineDays, p.RuleSet = int(queryInt(c, "deadline_days", &fe)), c.Query("rule_set") // the summary's
	if code := c.Query("campaign"); code != "" && name == "summary" && fe.Err() == nil {
		in := reports.Input{Fund: p.Fund, From: p.From}
		if err := s.summaryCampaign(c, code, &in, &fe); err != nil {
			s.fail(c, err)
			return
		}
		p.Fund, p.From, p.Campaign, p.Due, p.RuleSet, p.DeadlineDays = in.Fund, in.From, in.Campaign, in.Due, in.RuleSet, 0
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	district, err := s.districtFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.District = district
	src := s.exportSources()
	title, err := src.Prepare(c.Request.Context(), name, &p, meta)
	if err != nil {
		s.fail(c, err)
		return
	}
	meta.Title = title
	if meta.Head, err = s.Ledger.Head(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxTarget, "export:"+name)
	c.Header("Content-Type", xlsxType)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.xlsx"`, name))
	c.Status(http.StatusOK)
	if err := src.Write(c.Request.Context(), &flushWriter{c.Writer}, name, p, meta); err != nil {
		// Headers are gone; the client sees a cut file. Log it once.
		s.Log.Warn("export stopped", "export", name, "request_id", requestID(c), "err", err)
		c.Abort()
	}
}

// flushWriter pushes every chunk the workbook writes to the client at once,
// so a large export streams instead of waiting in buffers.
type flushWriter struct{ w gin.ResponseWriter }

func (f *flushWriter) Write(b []byte) (int, error) {
	n, err := f.w.Write(b)
	f.w.Flush()
	return n, err
}

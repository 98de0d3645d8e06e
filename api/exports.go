package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/exports"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportWorkbook streams a workbook to the client as it is written. The
// audit log records every download with its filters (the query).
func (s *Server) exportWorkbook(c *gin.Context) {
	p, _ := principal(c)
	meta := exports.Meta{GeneratedAt: time.Now(), GeneratedBy: fmt.Sprintf("%s (user %d, %s)", p.User.Name, p.User.ID, p.User.Role),
		English: c.Query("lang") == "en", Filters: map[string]string{}}
	for k, v := range c.Request.URL.Query() {
		meta.Filters[k] = v[0]
	}
	switch name := c.Param("name"); name {
	case "trial-balance.xlsx":
		tb, err := s.trialBalance(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Set(ctxTarget, "export:trial-balance:"+tb.Fund.Code)
		s.sendWorkbook(c, name, func(w http.ResponseWriter) error { return exports.WriteTrialBalance(w, tb, meta) })
	default:
		s.fail(c, rl.Errorf(rl.NotFound, "no export %q; available: trial-balance.xlsx", name))
	}
}

func (s *Server) sendWorkbook(c *gin.Context, name string, write func(w http.ResponseWriter) error) {
	c.Header("Content-Type", xlsxType)
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	c.Status(http.StatusOK)
	if err := write(c.Writer); err != nil {
		// Headers are gone; the client sees a cut file. Log it once.
		s.Log.Error("export failed", "export", name, "request_id", requestID(c), "err", err)
		c.Abort()
	}
}

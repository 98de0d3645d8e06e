package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"reliefledger/ledger"
)

// periodCloseJSON is one close of a fund's books (PRODUCT.md §4.10).
type periodCloseJSON struct {
	ID            int64  `json:"id"`
	Fund          string `json:"fund" jsonschema_description:"fund code, e.g. POOR"`
	ClosedThrough string `json:"closed_through" jsonschema:"format=date" jsonschema_description:"the last day of the closed period: no entry touching the fund may be dated on or before it"`
	ClosedAt      string `json:"closed_at" jsonschema:"format=date-time"`
	ClosedBy      int64  `json:"closed_by" jsonschema_description:"the user who closed it"`
	Note          string `json:"note"`
	AfterEntry    int64  `json:"after_entry_id" jsonschema_description:"the last journal entry when the period was closed"`
}

// periodCloseCreateJSON is the body of POST /periods/close.
type periodCloseCreateJSON struct {
	Fund string `json:"fund" jsonschema_description:"fund code, e.g. POOR"`
	Date string `json:"date" jsonschema:"format=date" jsonschema_description:"close through this day, YYYY-MM-DD: not after today, and after the fund's current closing date"`
	Note string `json:"note,omitempty" jsonschema_description:"why, e.g. the report sent for the first half of 2021"`
}

func periodCloseOut(c ledger.PeriodClose) periodCloseJSON {
	return periodCloseJSON{ID: c.ID, Fund: c.FundCode, ClosedThrough: c.ClosedThrough.String(), ClosedAt: timestamp(c.ClosedAt),
		ClosedBy: c.ClosedBy, Note: c.Note, AfterEntry: c.AfterEntry}
}

func (s *Server) closePeriod(c *gin.Context) {
	var req periodCloseCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var ps parser
	date := ps.date("date", req.Date)
	if err := ps.err(); err != nil {
		s.fail(c, err)
		return
	}
	pc, replayed, err := s.Ledger.ClosePeriod(c.Request.Context(), actor(c), ledger.CloseInput{Fund: req.Fund, Date: date, Note: req.Note})
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "period-close", pc.ID)
	created(c, replayed, periodCloseOut(pc))
}

func (s *Server) listPeriodCloses(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	cs, err := s.Ledger.PeriodCloses(c.Request.Context(), c.Query("fund"))
	if err != nil {
		s.fail(c, err)
		return
	}
	var rest []ledger.PeriodClose
	for _, pc := range cs {
		if pc.ID > after {
			rest = append(rest, pc)
		}
	}
	c.JSON(http.StatusOK, paged(rest, limit, func(pc ledger.PeriodClose) int64 { return pc.ID }, periodCloseOut))
}

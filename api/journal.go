package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/ledger"
)

func (s *Server) listJournal(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	f := ledger.EntryFilter{AfterID: after, Limit: limit + 1, Kind: ledger.EntryKind(c.Query("kind")),
		From: queryDate(c, "from", &fe), To: queryDate(c, "to", &fe)}
	if v := c.Query("account_id"); v != "" {
		if f.AccountID, err = strconv.ParseInt(v, 10, 64); err != nil || f.AccountID <= 0 {
			fe.Add("account_id", "must be a positive integer")
		}
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	if f.FundID, err = s.fundParam(c); err != nil {
		s.fail(c, err)
		return
	}
	es, err := s.Ledger.Entries(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(es, limit, func(e ledger.Entry) int64 { return e.ID }, func(e ledger.Entry) entryJSON { return s.entryOut(c.Request.Context(), e) }))
}

func (s *Server) getEntry(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	e, err := s.Ledger.Entry(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.entryOut(c.Request.Context(), e))
}

func (s *Server) createEntry(c *gin.Context) {
	var req entryCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, err := req.input()
	if err != nil {
		s.fail(c, err)
		return
	}
	e, replayed, err := s.Ledger.PostManual(c.Request.Context(), actor(c), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "entry", e.ID)
	created(c, replayed, s.entryOut(c.Request.Context(), e))
}

func (s *Server) reverseEntry(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req reverseJSON
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
	e, replayed, err := s.Ledger.Reverse(c.Request.Context(), actor(c), id, req.Reason, date)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "entry", e.ID)
	created(c, replayed, s.entryOut(c.Request.Context(), e))
}

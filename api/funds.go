package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"reliefledger/ledger"
)

func (s *Server) listFunds(c *gin.Context) {
	funds, err := s.Ledger.FundSummaries(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[fundJSON]{Data: []fundJSON{}}
	for _, f := range funds {
		fj := fundOut(f.Fund, f.ByType)
		fj.Restricted = map[string]string{}
		for d, v := range f.Restricted {
			fj.Restricted[d] = v.String()
		}
		out.Data = append(out.Data, fj)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) createFund(c *gin.Context) {
	var req fundCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	f, replayed, err := s.Ledger.CreateFund(c.Request.Context(), actor(c), ledger.FundInput{Code: req.Code, NameVI: req.NameVI, NameEN: req.NameEN})
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "fund", f.ID)
	created(c, replayed, fundOut(f, nil))
}

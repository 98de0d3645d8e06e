package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/donations"
)

type statementProblemJSON struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
	Amount string `json:"amount" jsonschema:"format=decimal"`
}

type statementJSON struct {
	DryRun         bool                   `json:"dry_run"`
	Lines          int                    `json:"lines" jsonschema_description:"lines read"`
	Created        int                    `json:"created" jsonschema_description:"donations recorded (would be, in a dry run)"`
	Duplicates     int                    `json:"duplicates" jsonschema_description:"lines recorded by an earlier import"`
	Rejected       int                    `json:"rejected" jsonschema_description:"lines not usable, listed in problems"`
	FileTotal      string                 `json:"file_total" jsonschema:"format=decimal" jsonschema_description:"đồng, all lines"`
	ImportedTotal  string                 `json:"imported_total" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	DuplicateTotal string                 `json:"duplicate_total" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	RejectedTotal  string                 `json:"rejected_total" jsonschema:"format=decimal" jsonschema_description:"đồng; the three add up to file_total"`
	Problems       []statementProblemJSON `json:"problems"`
	Truncated      bool                   `json:"problems_truncated" jsonschema_description:"more than 5,000 problems; the first are listed"`
}

func statementOut(rep donations.StatementReport) statementJSON {
	out := statementJSON{DryRun: rep.DryRun, Lines: rep.Lines, Created: rep.Created, Duplicates: rep.Duplicates, Rejected: rep.Rejected,
		FileTotal: rep.FileTotal.String(), ImportedTotal: rep.ImportedTotal.String(), DuplicateTotal: rep.DuplicateTotal.String(),
		RejectedTotal: rep.RejectedTotal.String(), Problems: []statementProblemJSON{}}
	for i, p := range rep.Problems {
		if i == maxListedProblems {
			out.Truncated = true
			break
		}
		out.Problems = append(out.Problems, statementProblemJSON{Line: p.Line, Reason: p.Reason, Amount: p.Amount.String()})
	}
	return out
}

// importStatement records the credit lines of a bank statement as
// donations to ?fund= (dry_run=true only reports).
func (s *Server) importStatement(c *gin.Context) {
	dry := c.Query("dry_run") == "true"
	if v := c.Query("dry_run"); v != "" && v != "true" && v != "false" {
		s.fail(c, rl.InvalidFields(rl.FieldError{Field: "dry_run", Message: "must be true or false"}))
		return
	}
	if c.Query("fund") == "" {
		s.fail(c, rl.InvalidFields(rl.FieldError{Field: "fund", Message: "is required, e.g. ?fund=COVID"}))
		return
	}
	name, body, err := uploadedFile(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.Donations.ImportStatement(c.Request.Context(), actor(c), name, body,
		donations.StatementOptions{Fund: c.Query("fund"), DryRun: dry, Limits: s.uploadLimits()})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxTarget, "bank-statement:"+c.Query("fund"))
	c.JSON(http.StatusOK, statementOut(rep))
}

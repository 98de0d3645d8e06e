package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/audit"
)

const ctxTarget = "audit_target"

// setTarget names what a request acted on, for the audit log.
func setTarget(c *gin.Context, kind string, id int64) {
	c.Set(ctxTarget, kind+":"+strconv.FormatInt(id, 10))
}

// setTargetCode names a target known by its code (an item, a warehouse).
func setTargetCode(c *gin.Context, kind, code string) { c.Set(ctxTarget, kind+":"+code) }

// audited records every write and every audited read (exports) of an
// authenticated caller once the handler has answered, and waits until the
// record is committed. Unauthenticated attempts are only logged.
func (s *Server) audited(rt route) gin.HandlerFunc {
	write := rt.Method != http.MethodGet && rt.Method != http.MethodHead
	success := http.StatusOK
	if rt.Creates {
		success = http.StatusCreated
	}
	return func(c *gin.Context) {
		var ps []string
		for _, prm := range c.Params {
			ps = append(ps, prm.Key+"="+prm.Value)
		}
		// A write's record goes into the write's own transaction (the store
		// writes it); this one is for the refused, the replayed and reads.
		req := &rl.Request{Method: rt.Method, Route: rt.Path, Path: c.Request.URL.Path, Query: c.Request.URL.RawQuery,
			ClientIP: c.ClientIP(), RequestID: requestID(c), Status: success, Target: strings.Join(ps, ",")}
		if write {
			c.Request = c.Request.WithContext(rl.WithRequest(c.Request.Context(), req))
		}
		c.Next()
		if (!write && !rt.Audit) || s.Audit == nil || req.Audited() {
			return
		}
		p, ok := principal(c)
		if !ok {
			return
		}
		target := c.GetString(ctxTarget)
		if target == "" {
			target = req.Target
		}
		r := audit.Record{UserID: p.User.ID, Role: string(p.User.Role), Method: rt.Method, Route: rt.Path,
			Path: c.Request.URL.Path, Query: c.Request.URL.RawQuery, Target: target, Status: c.Writer.Status(),
			ClientIP: c.ClientIP(), RequestID: requestID(c)}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Audit.Write(ctx, r); err != nil {
			s.Log.Error("audit record lost", "request_id", r.RequestID, "route", r.Route, "user_id", r.UserID, "err", err)
		}
	}
}

type auditJSON struct {
	ID        int64  `json:"id"`
	At        string `json:"at" jsonschema:"format=date-time"`
	UserID    int64  `json:"user_id"`
	Role      string `json:"role"`
	Method    string `json:"method"`
	Route     string `json:"route" jsonschema_description:"route template"`
	Path      string `json:"path"`
	Query     string `json:"query,omitempty" jsonschema_description:"filters of the request"`
	Target    string `json:"target,omitempty" jsonschema_description:"what was acted on, e.g. entry:42"`
	Status    int    `json:"status" jsonschema_description:"HTTP status of the answer"`
	ClientIP  string `json:"client_ip"`
	RequestID string `json:"request_id"`
	// The journal entries the write appended, recorded in its own
	// transaction.
	EntryFirst int64 `json:"entry_first,omitempty" jsonschema_description:"first journal entry the write appended"`
	EntryLast  int64 `json:"entry_last,omitempty" jsonschema_description:"last journal entry the write appended"`
}

func (s *Server) listAudit(c *gin.Context) {
	limit, before, err := page(c) // the cursor holds the last (smallest) id seen
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	f := audit.Filter{BeforeID: before, Limit: limit + 1, Route: c.Query("route")}
	if v := c.Query("user_id"); v != "" {
		if f.UserID, err = strconv.ParseInt(v, 10, 64); err != nil || f.UserID <= 0 {
			fe.Add("user_id", "must be a positive integer")
		}
	}
	if d := queryDate(c, "from", &fe); !d.IsZero() {
		f.From, _ = time.ParseInLocation("2006-01-02", d.String(), time.FixedZone("ICT", 7*3600))
	}
	if d := queryDate(c, "to", &fe); !d.IsZero() {
		t, _ := time.ParseInLocation("2006-01-02", d.String(), time.FixedZone("ICT", 7*3600))
		f.To = t.AddDate(0, 0, 1)
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	rs, err := s.Audit.List(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(rs, limit, func(r audit.Record) int64 { return r.ID }, func(r audit.Record) auditJSON {
		return auditJSON{ID: r.ID, At: timestamp(r.At), UserID: r.UserID, Role: r.Role, Method: r.Method,
			Route: r.Route, Path: r.Path, Query: r.Query, Target: r.Target, Status: r.Status, ClientIP: r.ClientIP, RequestID: r.RequestID,
			EntryFirst: r.EntryFirst, EntryLast: r.EntryLast}
	}))
}

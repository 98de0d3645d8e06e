package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
)

// statusOf is the one table from error kinds to HTTP statuses.
var statusOf = map[rl.Kind]int{
	rl.Internal:         http.StatusInternalServerError,
	rl.Invalid:          http.StatusBadRequest,
	rl.NotFound:         http.StatusNotFound,
	rl.Conflict:         http.StatusConflict,
	rl.Forbidden:        http.StatusForbidden,
	rl.Unauthenticated:  http.StatusUnauthorized,
	rl.TooLarge:         http.StatusRequestEntityTooLarge,
	rl.Unsupported:      http.StatusUnsupportedMediaType,
	rl.RateLimited:      http.StatusTooManyRequests,
	rl.Unavailable:      http.StatusServiceUnavailable,
	rl.MethodNotAllowed: http.StatusMethodNotAllowed,
}

// Problem is an RFC 9457 problem details body.
type Problem struct {
	Type      string          `json:"type" jsonschema_description:"urn:reliefledger:problem:<code> or about:blank"`
	Title     string          `json:"title"`
	Status    int             `json:"status"`
	Detail    string          `json:"detail"`
	Instance  string          `json:"instance,omitempty" jsonschema_description:"the request path"`
	RequestID string          `json:"request_id,omitempty" jsonschema_description:"quote it when reporting a problem"`
	Errors    []rl.FieldError `json:"errors,omitempty" jsonschema_description:"the fields at fault, for invalid input"`
}

// ProblemTypePrefix starts every problem type that has a code.
const ProblemTypePrefix = "urn:reliefledger:problem:"

// fail answers with the problem for err. Internal errors are logged once,
// here, and shown only as "internal error" with the request id.
func (s *Server) fail(c *gin.Context, err error) {
	if errors.Is(err, context.Canceled) && c.Request.Context().Err() != nil {
		c.Abort() // the client left; nobody reads the answer
		return
	}
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	s.Metrics.writeError(c.Request.Method, route, err)
	e, ok := rl.AsError(err)
	if ok && e.Cause != nil && e.Kind != rl.Internal {
		s.Log.Warn("database", "request_id", requestID(c), "route", c.FullPath(), "code", e.Code, "err", e.Cause)
	}
	if !ok || e.Kind == rl.Internal {
		s.Log.Error("internal error", "request_id", requestID(c), "route", c.FullPath(), "err", err)
		e = &rl.Error{Kind: rl.Internal, Message: "internal error; quote request id " + requestID(c) + " when reporting it"}
	}
	status := statusOf[e.Kind]
	p := Problem{
		Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: e.Message,
		Instance: c.Request.URL.Path, RequestID: requestID(c), Errors: e.Fields,
	}
	if e.Code != "" {
		p.Type = ProblemTypePrefix + e.Code
	}
	if status == http.StatusUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="reliefledger"`)
	}
	if status == http.StatusServiceUnavailable && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", "2")
	}
	c.Header("Content-Type", "application/problem+json")
	c.AbortWithStatusJSON(status, p)
}

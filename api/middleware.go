package api

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/ledger"
)

const (
	ctxRequestID = "request_id"
	ctxPrincipal = "principal"
	ctxBody      = "body"
	ctxIdem      = "idem"
	ctxUpload    = "upload" // the size of a spooled upload
)

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// observe gives every request an id, then logs and measures it.
func (s *Server) observe(c *gin.Context) {
	id := c.GetHeader("X-Request-ID")
	if !requestIDPattern.MatchString(id) {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Set(ctxRequestID, id)
	c.Header("X-Request-ID", id)
	start := time.Now()
	c.Next()
	d := time.Since(start)
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	s.Metrics.observe(c.Request.Method, route, status, d)
	level := slog.LevelInfo
	if route == "/healthz" || route == "/readyz" || route == "/metrics" {
		level = slog.LevelDebug
	}
	attrs := []any{"method", c.Request.Method, "route", route, "status", status,
		"ms", float64(d.Microseconds()) / 1000, "request_id", id, "client", c.ClientIP()}
	if p, ok := principal(c); ok {
		attrs = append(attrs, "user_id", p.User.ID)
	}
	s.Log.Log(c.Request.Context(), level, "request", attrs...)
}

func (s *Server) recoverPanics(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.fail(c, fmt.Errorf("panic: %v", v))
		}
	}()
	c.Next()
}

func principal(c *gin.Context) (access.Principal, bool) {
	v, ok := c.Get(ctxPrincipal)
	if !ok {
		return access.Principal{}, false
	}
	p, ok := v.(access.Principal)
	return p, ok
}

// authorize checks the bearer token and the caller's role against the
// route table. Public routes (Roles nil) pass without a token.
func (s *Server) authorize(rt route) gin.HandlerFunc {
	allowed := map[access.Role]bool{}
	for _, r := range rt.Roles {
		allowed[r] = true
	}
	return func(c *gin.Context) {
		if rt.Roles == nil {
			return
		}
		p, err := s.authenticate(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Set(ctxPrincipal, p)
		if req := rl.RequestFrom(c.Request.Context()); req != nil {
			req.UserID, req.Role = p.User.ID, string(p.User.Role)
		}
		if !allowed[p.User.Role] {
			s.fail(c, rl.Errorf(rl.Forbidden, "role %s may not %s %s", p.User.Role, rt.Method, rt.Path))
			return
		}
	}
}

// authenticate finds the caller: a bearer token, or else a session
// cookie. A request with a session cookie whose method changes something
// must carry the session's CSRF token in X-CSRF-Token: a cookie is sent by
// the browser on its own, a header only by the page that was given the
// token. Bearer tokens are not sent on their own and need no such token.
func (s *Server) authenticate(c *gin.Context) (access.Principal, error) {
	h := c.GetHeader("Authorization")
	if h == "" && s.Sessions != nil {
		if ck, err := c.Request.Cookie(access.SessionCookie); err == nil && ck.Value != "" {
			p, sess, err := s.Sessions.Session(c.Request.Context(), ck.Value)
			if err != nil {
				return access.Principal{}, err
			}
			if !safeMethod(c.Request.Method) && !access.CheckCSRF(sess, c.GetHeader(CSRFHeader)) {
				return access.Principal{}, rl.Errorf(rl.Forbidden, "a request made with a session cookie must send the session's CSRF token in the %s header", CSRFHeader)
			}
			return p, nil
		}
	}
	scheme, secret, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") || secret == "" {
		return access.Principal{}, rl.Errorf(rl.Unauthenticated, "this route needs an API token: send Authorization: Bearer <token>")
	}
	return s.Access.Authenticate(c.Request.Context(), strings.TrimSpace(secret))
}

// CSRFHeader carries a session's CSRF token on unsafe API requests.
const CSRFHeader = "X-CSRF-Token"

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// readBody enforces the body's size and media type, and for creating routes
// the Idempotency-Key, whose request hash covers method, path and body.
func (s *Server) readBody(rt route) gin.HandlerFunc {
	return func(c *gin.Context) {
		if err := checkQuery(c.Request.URL.Query()); err != nil {
			s.fail(c, err)
			return
		}
		var body []byte
		limit := s.MaxBody
		if rt.Upload || rt.BigBody {
			limit = s.MaxUpload
		}
		if rt.Upload {
			s.readUpload(c, rt, limit)
			return
		}
		if c.Request.Body != nil && c.Request.ContentLength != 0 {
			if c.Request.ContentLength > limit {
				s.fail(c, rl.Errorf(rl.TooLarge, "the request body is %d bytes; the limit is %d", c.Request.ContentLength, limit))
				return
			}
			if rt.JSONBody {
				mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
				if err != nil || mt != "application/json" {
					s.fail(c, &rl.Error{Kind: rl.Unsupported, Message: "the body must be JSON: send Content-Type: application/json",
						Fields: []rl.FieldError{{Field: "Content-Type", Message: fmt.Sprintf("must be application/json, got %q", c.GetHeader("Content-Type"))}}})
					return
				}
			}
			b, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, limit))
			if err != nil {
				s.fail(c, bodyError(err, limit))
				return
			}
			body = b
			c.Request.Body = io.NopCloser(bytes.NewReader(b))
		}
		c.Set(ctxBody, body)
		if !rt.Creates {
			return
		}
		h := requestHash(c)
		var compact bytes.Buffer
		if json.Compact(&compact, body) == nil {
			h.Write(compact.Bytes())
		} else {
			h.Write(body)
		}
		s.setIdem(c, h)
	}
}

// bodyError is what reading a request's body failed with, for the caller.
func bodyError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return rl.Errorf(rl.TooLarge, "the request body is over the limit of %d bytes", limit)
	}
	return rl.Errorf(rl.Invalid, "could not read the request body")
}

// requestHash starts the hash of a creating request: method, path, query.
func requestHash(c *gin.Context) hash.Hash {
	h := sha256.New()
	fmt.Fprintf(h, "%s %s?%s\n", c.Request.Method, c.Request.URL.Path, c.Request.URL.RawQuery)
	return h
}

// setIdem checks the Idempotency-Key and keeps it with the request's hash.
func (s *Server) setIdem(c *gin.Context, h hash.Hash) {
	key := c.GetHeader("Idempotency-Key")
	if key == "" || len(key) > 200 || strings.ContainsFunc(key, func(r rune) bool { return r < 0x21 || r > 0x7e }) {
		s.fail(c, rl.InvalidFields(rl.FieldError{Field: "Idempotency-Key",
			Message: "header is required on creating requests: 1–200 visible ASCII characters, unique per request (e.g. a UUID)"}))
		return
	}
	p, _ := principal(c)
	c.Set(ctxIdem, &ledger.IdemRecord{
		IdemKey:     ledger.IdemKey{Scope: fmt.Sprintf("user:%d", p.User.ID), Key: key},
		RequestHash: hex.EncodeToString(h.Sum(nil)),
	})
}

// readUpload spools an uploaded file to a temporary file while hashing
// it, so that a large upload is held in memory once, by the reader that
// parses it, not also as the request's body and its multipart copy. The
// file is removed when the handler is done.
func (s *Server) readUpload(c *gin.Context, rt route, limit int64) {
	if c.Request.ContentLength > limit {
		s.fail(c, rl.Errorf(rl.TooLarge, "the request body is %d bytes; the limit is %d (RELIEF_MAX_UPLOAD_MB)", c.Request.ContentLength, limit))
		return
	}
	f, err := os.CreateTemp("", "reliefd-upload-*")
	if err != nil {
		s.fail(c, fmt.Errorf("spool upload: %w", err))
		return
	}
	defer func() {
		f.Close()
		os.Remove(f.Name())
	}()
	h := requestHash(c)
	n, err := io.Copy(io.MultiWriter(f, h), http.MaxBytesReader(c.Writer, c.Request.Body, limit))
	if err != nil {
		s.fail(c, bodyError(err, limit))
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		s.fail(c, fmt.Errorf("spool upload: %w", err))
		return
	}
	c.Request.Body, c.Request.ContentLength = f, n
	c.Set(ctxUpload, n)
	if rt.Creates {
		if s.setIdem(c, h); c.IsAborted() {
			return
		}
	}
	c.Next()
}

// actor is the caller of a change, with its idempotency key.
func actor(c *gin.Context) ledger.Actor {
	p, _ := principal(c)
	a := ledger.Actor{UserID: p.User.ID}
	if v, ok := c.Get(ctxIdem); ok {
		a.Idem = v.(*ledger.IdemRecord)
	}
	return a
}

// decode reads the JSON body strictly into dst: one object, known fields
// only, the right types. Problems name the field.
func decode(c *gin.Context, dst any) error {
	body, _ := c.Get(ctxBody)
	b, _ := body.([]byte)
	return decodeJSON(b, dst)
}

// decodeJSON is decode of a body's bytes.
func decodeJSON(b []byte, dst any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return rl.InvalidFields(rl.FieldError{Field: "body", Message: "a JSON object is required"})
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonError(err)
	}
	if dec.More() {
		return rl.InvalidFields(rl.FieldError{Field: "body", Message: "must hold exactly one JSON object"})
	}
	// encoding/json replaces bytes that are not UTF-8 with U+FFFD, which
	// the text rule refuses, naming the field.
	var fe rl.Fields
	checkStrings(reflect.ValueOf(dst), "", &fe)
	if len(fe) == 0 && !utf8.Valid(b) {
		fe.Add("body", "is not valid UTF-8")
	}
	return fe.Err()
}

func jsonError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return rl.InvalidFields(rl.FieldError{Field: "body", Message: fmt.Sprintf("malformed JSON at byte %d: %v", syn.Offset, syn)})
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "body"
		}
		want := typ.Type.String()
		switch want {
		case "string":
			want = "a string (amounts are decimal strings like \"1500000\")"
		case "int64", "int":
			want = "an integer"
		default:
			if strings.HasPrefix(want, "[]") {
				want = "an array"
			} else if strings.HasPrefix(want, "api.") || strings.HasPrefix(want, "struct") || strings.HasPrefix(want, "*api.") {
				want = "an object"
			}
		}
		return rl.InvalidFields(rl.FieldError{Field: field, Message: fmt.Sprintf("must be %s, got a JSON %s", want, typ.Value)})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return rl.InvalidFields(rl.FieldError{Field: name, Message: "is not a known field"})
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return rl.InvalidFields(rl.FieldError{Field: "body", Message: "the JSON ends too early"})
	}
	return rl.InvalidFields(rl.FieldError{Field: "body", Message: "is not valid JSON"})
}

func notFoundRoute(c *gin.Context) error {
	return rl.Errorf(rl.NotFound, "no route %s %s; see /openapi.json", c.Request.Method, c.Request.URL.Path)
}

func methodNotAllowed(c *gin.Context) error {
	return &rl.Error{Kind: rl.MethodNotAllowed, Message: fmt.Sprintf("%s is not allowed on %s", c.Request.Method, c.Request.URL.Path)}
}

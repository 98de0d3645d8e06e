package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/access"
)

type userJSON struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Username   string `json:"username,omitempty" jsonschema_description:"signs in with a password; absent for users of API tokens only"`
	Role       string `json:"role" jsonschema:"enum=admin,enum=fund_officer,enum=approver,enum=district_officer,enum=auditor,enum=supervisor"`
	District   string `json:"district,omitempty" jsonschema_description:"district code, for a district_officer"`
	CreatedAt  string `json:"created_at" jsonschema:"format=date-time"`
	DisabledAt string `json:"disabled_at,omitempty" jsonschema:"format=date-time"`
}

func userOut(u access.User) userJSON {
	out := userJSON{ID: u.ID, Name: u.Name, Username: u.Username, Role: string(u.Role), District: u.District, CreatedAt: timestamp(u.CreatedAt)}
	if u.DisabledAt != nil {
		out.DisabledAt = timestamp(*u.DisabledAt)
	}
	return out
}

type userCreateJSON struct {
	Name     string `json:"name"`
	Username string `json:"username,omitempty" jsonschema_description:"for signing in with a password (set it with PUT /api/v1/users/{id}/password); 3–64 of a–z 0–9 . _ -, unique regardless of case"`
	Role     string `json:"role" jsonschema:"enum=admin,enum=fund_officer,enum=approver,enum=district_officer,enum=auditor,enum=supervisor"`
	District string `json:"district,omitempty" jsonschema_description:"required for a district_officer"`
}

type userPatchJSON struct {
	Role     *string `json:"role,omitempty" jsonschema:"enum=admin,enum=fund_officer,enum=approver,enum=district_officer,enum=auditor,enum=supervisor" jsonschema_description:"not your own"`
	District *string `json:"district,omitempty" jsonschema_description:"required when the user becomes a district_officer; cleared when they stop being one"`
	Active   *bool   `json:"active,omitempty" jsonschema_description:"false deactivates: no sign-in, open sessions end, tokens refused (not yourself, not the last admin); true reactivates"`
}

type tokenJSON struct {
	ID        int64  `json:"id"`
	UserID    int64  `json:"user_id"`
	Name      string `json:"name"`
	CreatedAt string `json:"created_at" jsonschema:"format=date-time"`
	ExpiresAt string `json:"expires_at,omitempty" jsonschema:"format=date-time"`
	RevokedAt string `json:"revoked_at,omitempty" jsonschema:"format=date-time"`
	// Secret is the token itself, present only in the answer that created it.
	Secret string `json:"secret,omitempty" jsonschema_description:"the token, only in the answer that created it; send it as Authorization: Bearer <secret>"`
}

func tokenOut(t access.Token) tokenJSON {
	out := tokenJSON{ID: t.ID, UserID: t.UserID, Name: t.Name, CreatedAt: timestamp(t.CreatedAt)}
	if t.ExpiresAt != nil {
		out.ExpiresAt = timestamp(*t.ExpiresAt)
	}
	if t.RevokedAt != nil {
		out.RevokedAt = timestamp(*t.RevokedAt)
	}
	return out
}

type tokenCreateJSON struct {
	Name      string `json:"name" jsonschema_description:"what the token is for"`
	ExpiresAt string `json:"expires_at,omitempty" jsonschema:"format=date-time" jsonschema_description:"no expiry when absent"`
}

func (s *Server) listUsers(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	users, err := s.Users.List(c.Request.Context(), after, limit+1)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(users, limit, func(u access.User) int64 { return u.ID }, func(u access.User) userJSON { return userOut(u) }))
}

func (s *Server) createUser(c *gin.Context) {
	var req userCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, replayed, err := s.Users.Create(c.Request.Context(), access.UserInput{Name: req.Name, Username: req.Username, Role: access.Role(req.Role), District: req.District}, actor(c).Idem)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "user", u.ID)
	created(c, replayed, userOut(u))
}

func (s *Server) getUser(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Users.Get(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, userOut(u))
}

func (s *Server) updateUser(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req userPatchJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in := access.UserUpdate{District: req.District, Active: req.Active}
	if req.Role != nil {
		r := access.Role(*req.Role)
		in.Role = &r
	}
	p, _ := principal(c)
	u, err := s.Users.Update(c.Request.Context(), p.User.ID, id, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "user", u.ID)
	c.JSON(http.StatusOK, userOut(u))
}

func (s *Server) getMe(c *gin.Context) {
	p, _ := principal(c)
	c.JSON(http.StatusOK, userOut(p.User))
}

func (s *Server) listTokens(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	toks, err := s.Users.Tokens(c.Request.Context(), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[tokenJSON]{Data: []tokenJSON{}}
	for _, t := range toks {
		out.Data = append(out.Data, tokenOut(t))
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) createToken(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req tokenCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var expires *time.Time
	if req.ExpiresAt != "" {
		t, err := time.Parse(time.RFC3339, req.ExpiresAt)
		if err != nil {
			s.fail(c, rl.InvalidFields(rl.FieldError{Field: "expires_at", Message: "must be an RFC 3339 timestamp, e.g. 2027-01-31T17:00:00+07:00"}))
			return
		}
		expires = &t
	}
	tok, secret, replayed, err := s.Users.CreateToken(c.Request.Context(), id, req.Name, expires, actor(c).Idem)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "token", tok.ID)
	out := tokenOut(tok)
	out.Secret = secret
	created(c, replayed, out)
}

func (s *Server) revokeToken(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	tokenID, err := pathID(c, "token_id")
	if err != nil {
		s.fail(c, err)
		return
	}
	tok, err := s.Users.RevokeToken(c.Request.Context(), id, tokenID)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "token", tok.ID)
	c.JSON(http.StatusOK, tokenOut(tok))
}

type passwordSetJSON struct {
	Username string `json:"username,omitempty" jsonschema_description:"required when the user has no username yet; changes it otherwise"`
	Password string `json:"password" jsonschema_description:"at least 10 characters; stored only as an argon2id hash"`
}

func (s *Server) setPassword(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req passwordSetJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.Users.SetPassword(c.Request.Context(), id, req.Username, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "user", u.ID)
	c.JSON(http.StatusOK, userOut(u))
}

// RouteInfo is a route of the table as a page shows it.
type RouteInfo struct {
	Method, Path, Tag string
}

// RoutesFor lists the routes a role may call, in the table's order, with
// OpenAPI-style paths: the account page shows a signed-in user what their
// role allows from the one route table that enforces it.
func RoutesFor(role access.Role) []RouteInfo {
	var out []RouteInfo
	for _, rt := range (&Server{}).routes() {
		for _, r := range rt.Roles {
			if r == role {
				out = append(out, RouteInfo{Method: rt.Method, Path: openAPIPath(rt.Path), Tag: rt.Tag})
				break
			}
		}
	}
	return out
}

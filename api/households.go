package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/households"
)

type householdJSON struct {
	ID         int64    `json:"id"`
	Code       string   `json:"code"`
	HeadName   string   `json:"head_name"`
	NationalID string   `json:"national_id,omitempty"`
	Phone      string   `json:"phone,omitempty"`
	Commune    string   `json:"commune"`
	District   string   `json:"district,omitempty"`
	Hamlet     string   `json:"hamlet,omitempty"`
	Category   string   `json:"category"`
	Members    int      `json:"members"`
	Flags      []string `json:"flags"`
	Status     string   `json:"status"`
	Synthetic  bool     `json:"synthetic"`
	Version    int      `json:"version"`
	CreatedAt  string   `json:"created_at"`
	UpdatedAt  string   `json:"updated_at"`
}

// householdOut renders a household for the caller: identity numbers and
// phones are masked unless the caller's role needs them.
func householdOut(c *gin.Context, h households.Household) householdJSON {
	if p, _ := principal(c); !access.SeesIdentity(p.User.Role) {
		h = households.Masked(h)
	}
	flags := h.Flags
	if flags == nil {
		flags = []string{}
	}
	return householdJSON{ID: h.ID, Code: h.Code, HeadName: h.HeadName, NationalID: h.NationalID, Phone: h.Phone, Commune: h.Commune,
		District: h.District, Hamlet: h.Hamlet, Category: string(h.Category), Members: h.Members, Flags: flags, Status: string(h.Status),
		Synthetic: h.Synthetic, Version: h.Version, CreatedAt: timestamp(h.CreatedAt), UpdatedAt: timestamp(h.UpdatedAt)}
}

type householdCreateJSON struct {
	Code       string   `json:"code"`
	HeadName   string   `json:"head_name"`
	NationalID string   `json:"national_id"`
	Phone      string   `json:"phone"`
	Commune    string   `json:"commune"`
	District   string   `json:"district"`
	Hamlet     string   `json:"hamlet"`
	Category   string   `json:"category"`
	Members    *int     `json:"members"`
	Flags      []string `json:"flags"`
}

func (s *Server) createHousehold(c *gin.Context) {
	var req householdCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	flags, err := households.CleanFlags(req.Flags)
	if err != nil {
		s.fail(c, rl.InvalidFields(rl.FieldError{Field: "flags", Message: err.Error()}))
		return
	}
	in := households.Input{households.ColCode: req.Code, households.ColHeadName: req.HeadName, households.ColNationalID: req.NationalID,
		households.ColPhone: req.Phone, households.ColCommune: req.Commune, households.ColDistrict: req.District,
		households.ColHamlet: req.Hamlet, households.ColCategory: req.Category, households.ColFlags: strings.Join(flags, ",")}
	if req.Members != nil {
		in[households.ColMembers] = strconv.Itoa(*req.Members)
	}
	h, replayed, err := s.Households.Create(c.Request.Context(), in, districtScope(c), actor(c).Idem)
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "household", h.ID)
	created(c, replayed, householdOut(c, h))
}

func (s *Server) getHousehold(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	h, err := s.Households.Get(c.Request.Context(), id, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, householdOut(c, h))
}

type householdPatchJSON struct {
	Category *string   `json:"category"`
	Status   *string   `json:"status"`
	Members  *int      `json:"members"`
	Flags    *[]string `json:"flags"`
	Hamlet   *string   `json:"hamlet"`
	HeadName *string   `json:"head_name"`
	Phone    *string   `json:"phone"`
	Version  int       `json:"version"`
	Reason   string    `json:"reason"`
}

func (s *Server) updateHousehold(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var req householdPatchJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	p := households.Patch{Members: req.Members, Flags: req.Flags, Hamlet: req.Hamlet, HeadName: req.HeadName, Phone: req.Phone,
		Version: req.Version, Reason: req.Reason}
	if req.Category != nil {
		cat := households.Category(*req.Category)
		p.Category = &cat
	}
	if req.Status != nil {
		st := households.Status(*req.Status)
		p.Status = &st
	}
	setTarget(c, "household", id)
	h, err := s.Households.Update(c.Request.Context(), id, p, actor(c).UserID, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, householdOut(c, h))
}

type changeJSON struct {
	Version int                          `json:"version"`
	At      string                       `json:"at"`
	By      int64                        `json:"by"`
	Reason  string                       `json:"reason,omitempty"`
	Fields  map[string]map[string]string `json:"fields"`
}

func (s *Server) householdHistory(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	changes, err := s.Households.History(c.Request.Context(), id, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[changeJSON]{Data: []changeJSON{}}
	for _, ch := range changes {
		fields := map[string]map[string]string{}
		for k, v := range ch.Fields {
			fields[k] = map[string]string{"from": v[0], "to": v[1]}
		}
		out.Data = append(out.Data, changeJSON{Version: ch.Version, At: timestamp(ch.At), By: ch.By, Reason: ch.Reason, Fields: fields})
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) listHouseholds(c *gin.Context) {
	limit, after, err := page(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var fe rl.Fields
	f := households.Filter{District: c.Query("district"), Commune: c.Query("commune"), Category: households.Category(c.Query("category")),
		Status: households.Status(c.Query("status")), Query: c.Query("q"), AfterID: after, Limit: limit + 1}
	if f.Category != "" && !f.Category.Valid() {
		fe.Add("category", "must be poor or near_poor")
	}
	if f.Status != "" && !f.Status.Valid() {
		fe.Add("status", "must be active, graduated, moved or dissolved")
	}
	if v := c.Query("flags"); v != "" {
		flags, err := households.CleanFlags(strings.Split(v, ","))
		if err != nil {
			fe.Add("flags", "%v", err)
		}
		f.Flags = flags
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	hs, err := s.Households.List(c.Request.Context(), f, districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, paged(hs, limit, func(h households.Household) int64 { return h.ID }, func(h households.Household) householdJSON { return householdOut(c, h) }))
}

type summaryRowJSON struct {
	District     string `json:"district"`
	DistrictName string `json:"district_name"`
	Poor         int64  `json:"poor"`
	NearPoor     int64  `json:"near_poor"`
	Total        int64  `json:"total"`
	Members      int64  `json:"members"`
}

type summaryJSON struct {
	Districts []summaryRowJSON `json:"districts"`
	Poor      int64            `json:"poor"`
	NearPoor  int64            `json:"near_poor"`
	Total     int64            `json:"total"`
	Members   int64            `json:"members"`
}

func (s *Server) householdSummary(c *gin.Context) {
	districts, all, err := s.Households.Summary(c.Request.Context(), districtScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := summaryJSON{Districts: []summaryRowJSON{}, Poor: all.Poor, NearPoor: all.NearPoor, Total: all.Total, Members: all.Members}
	for _, d := range districts {
		out.Districts = append(out.Districts, summaryRowJSON{District: d.District, DistrictName: d.Name, Poor: d.Poor,
			NearPoor: d.NearPoor, Total: d.Total, Members: d.Members})
	}
	c.JSON(http.StatusOK, out)
}

type importProblemJSON struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

type importJSON struct {
	DryRun     bool                `json:"dry_run"`
	HeaderLine int                 `json:"header_line"`
	Rows       int                 `json:"rows"`
	Valid      int                 `json:"valid"`
	Invalid    int                 `json:"invalid"`
	Created    int                 `json:"created"`
	Poor       int                 `json:"poor"`
	NearPoor   int                 `json:"near_poor"`
	Problems   []importProblemJSON `json:"problems"`
	Truncated  bool                `json:"problems_truncated"`
}

// maxListedProblems caps the problems listed in one answer.
const maxListedProblems = 5000

func (s *Server) importHouseholds(c *gin.Context) {
	dry := c.Query("dry_run") == "true"
	if v := c.Query("dry_run"); v != "" && v != "true" && v != "false" {
		s.fail(c, rl.InvalidFields(rl.FieldError{Field: "dry_run", Message: "must be true or false"}))
		return
	}
	name, body, err := uploadedFile(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.Households.Import(c.Request.Context(), name, body, households.ImportOptions{DryRun: dry, Scope: districtScope(c), MaxBytes: s.MaxUpload})
	out := importJSON{DryRun: rep.DryRun, HeaderLine: rep.HeaderLine, Rows: rep.Rows, Valid: rep.Valid, Invalid: rep.Invalid,
		Created: rep.Created, Poor: rep.ByCategory[households.Poor], NearPoor: rep.ByCategory[households.NearPoor], Problems: []importProblemJSON{}}
	for i, p := range rep.Problems {
		if i == maxListedProblems {
			out.Truncated = true
			break
		}
		out.Problems = append(out.Problems, importProblemJSON{Line: p.Line, Column: p.Column, Message: p.Message})
	}
	if e, ok := rl.AsError(err); ok && e.Code == "import-invalid" {
		// The rows' problems are the answer's substance: keep them in the problem.
		for _, p := range out.Problems {
			e.Fields = append(e.Fields, rl.FieldError{Field: fmt.Sprintf("row %d: %s", p.Line, p.Column), Message: p.Message})
		}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Set(ctxTarget, fmt.Sprintf("households:%d", rep.Created))
	c.JSON(http.StatusOK, out)
}

// uploadedFile returns the uploaded file: a multipart form's "file" part,
// or the raw body with its name in ?filename= or its type in Content-Type.
func uploadedFile(c *gin.Context) (string, io.Reader, error) {
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	body, _ := c.Get(ctxBody)
	raw, _ := body.([]byte)
	if mt == "multipart/form-data" {
		f, h, err := c.Request.FormFile("file")
		if err != nil {
			return "", nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "send the file as the multipart part named \"file\""})
		}
		return h.Filename, f, nil
	}
	_ = params
	name := c.Query("filename")
	if name == "" {
		switch mt {
		case "text/csv":
			name = "upload.csv"
		case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
			name = "upload.xlsx"
		}
	}
	if ext := strings.ToLower(filepath.Ext(name)); ext != ".csv" && ext != ".xlsx" {
		return "", nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "must be .xlsx or .csv: send Content-Type text/csv or " +
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or ?filename=list.xlsx"})
	}
	if len(raw) == 0 {
		return "", nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "the file is empty"})
	}
	return name, strings.NewReader(string(raw)), nil
}

type regionJSON struct {
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	FullName  string       `json:"full_name"`
	Kind      string       `json:"kind"`
	Level     int          `json:"level"`
	ValidFrom string       `json:"valid_from"`
	ValidTo   string       `json:"valid_to,omitempty"`
	Children  []regionJSON `json:"children,omitempty"`
}

type regionsJSON struct {
	Scheme   string           `json:"scheme"`
	Units    []regionJSON     `json:"units"`
	Mappings []map[string]any `json:"mappings"`
}

func (s *Server) listRegions(c *gin.Context) {
	scheme := c.DefaultQuery("scheme", "2021")
	tree := s.Households.Tree()
	var build func(u households.Region) regionJSON
	build = func(u households.Region) regionJSON {
		r := regionJSON{Code: u.Code, Name: u.Name, FullName: u.FullName(), Kind: u.Kind, Level: u.Level, ValidFrom: u.ValidFrom, ValidTo: u.ValidTo}
		for _, ch := range tree.Children(u.Code) {
			if cu, ok := tree.Unit(ch); ok {
				r.Children = append(r.Children, build(cu))
			}
		}
		return r
	}
	out := regionsJSON{Scheme: scheme, Units: []regionJSON{}, Mappings: []map[string]any{}}
	for _, u := range tree.Units() {
		if u.Scheme == scheme && u.Parent == "" {
			out.Units = append(out.Units, build(u))
		}
	}
	if len(out.Units) == 0 {
		s.fail(c, rl.Errorf(rl.NotFound, "no units of scheme %q (known: 2021, 2025)", scheme))
		return
	}
	for _, m := range tree.Mappings() {
		out.Mappings = append(out.Mappings, map[string]any{"old": m.Old, "new": m.New, "effective": m.Effective})
	}
	c.JSON(http.StatusOK, out)
}

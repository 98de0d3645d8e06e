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
	Code       string   `json:"code" jsonschema_description:"mã hộ, unique"`
	HeadName   string   `json:"head_name" jsonschema_description:"chủ hộ"`
	NationalID string   `json:"national_id,omitempty" jsonschema_description:"CCCD/CMND: in full for admins and district officers, masked (0791******23) for others"`
	Phone      string   `json:"phone,omitempty" jsonschema_description:"in full for admins and district officers, masked for others"`
	Commune    string   `json:"commune" jsonschema_description:"commune code"`
	District   string   `json:"district,omitempty" jsonschema_description:"district code (2021 units)"`
	Hamlet     string   `json:"hamlet,omitempty" jsonschema_description:"ấp / khóm"`
	Category   string   `json:"category" jsonschema:"enum=poor,enum=near_poor"`
	Members    int      `json:"members" jsonschema_description:"số nhân khẩu"`
	Flags      []string `json:"flags" jsonschema:"enum=r68,enum=elderly_head,enum=disability,enum=ethnic_minority,enum=female_head,enum=young_children"`
	Status     string   `json:"status" jsonschema:"enum=active,enum=graduated,enum=moved,enum=dissolved"`
	Synthetic  bool     `json:"synthetic" jsonschema_description:"demo data"`
	Version    int      `json:"version" jsonschema_description:"increases with every change"`
	CreatedAt  string   `json:"created_at" jsonschema:"format=date-time"`
	UpdatedAt  string   `json:"updated_at" jsonschema:"format=date-time"`
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
	NationalID string   `json:"national_id,omitempty" jsonschema_description:"12 digits (or 9)"`
	Phone      string   `json:"phone,omitempty" jsonschema_description:"10 digits"`
	Commune    string   `json:"commune" jsonschema_description:"commune code or name"`
	District   string   `json:"district,omitempty" jsonschema_description:"district code or name, when a commune name repeats"`
	Hamlet     string   `json:"hamlet,omitempty"`
	Category   string   `json:"category" jsonschema:"enum=poor,enum=near_poor"`
	Members    *int     `json:"members" jsonschema_description:"1–50"`
	Flags      []string `json:"flags,omitempty" jsonschema:"enum=r68,enum=elderly_head,enum=disability,enum=ethnic_minority,enum=female_head,enum=young_children"`
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

// householdPatchJSON changes the fields it names and leaves the others.
type householdPatchJSON struct {
	Category *string   `json:"category,omitempty" jsonschema:"enum=poor,enum=near_poor"`
	Status   *string   `json:"status,omitempty" jsonschema:"enum=active,enum=graduated,enum=moved,enum=dissolved"`
	Members  *int      `json:"members,omitempty"`
	Flags    *[]string `json:"flags,omitempty" jsonschema:"enum=r68,enum=elderly_head,enum=disability,enum=ethnic_minority,enum=female_head,enum=young_children"`
	Hamlet   *string   `json:"hamlet,omitempty"`
	HeadName *string   `json:"head_name,omitempty"`
	Phone    *string   `json:"phone,omitempty"`
	Version  int       `json:"version,omitempty" jsonschema_description:"the version you saw; 409 if it changed since"`
	Reason   string    `json:"reason,omitempty" jsonschema_description:"why, kept in the history"`
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
	Version int                        `json:"version"`
	At      string                     `json:"at" jsonschema:"format=date-time"`
	By      int64                      `json:"by" jsonschema_description:"user id"`
	Reason  string                     `json:"reason,omitempty"`
	Fields  map[string]fieldChangeJSON `json:"fields" jsonschema_description:"what changed, by field name"`
}

type fieldChangeJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
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
		fields := map[string]fieldChangeJSON{}
		for k, v := range ch.Fields {
			fields[k] = fieldChangeJSON{From: v[0], To: v[1]}
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
	f := households.Filter{Commune: c.Query("commune"), Category: households.Category(c.Query("category")),
		Status: households.Status(c.Query("status")), Query: c.Query("q"), AfterID: after, Limit: limit + 1}
	if f.District, err = s.districtFilter(c); err != nil {
		s.fail(c, err)
		return
	}
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
	District     string `json:"district" jsonschema_description:"district code"`
	DistrictName string `json:"district_name"`
	Poor         int64  `json:"poor"`
	NearPoor     int64  `json:"near_poor"`
	Total        int64  `json:"total"`
	Members      int64  `json:"members" jsonschema_description:"people in those households"`
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
	Line    int    `json:"line" jsonschema_description:"row in the file"`
	Column  string `json:"column" jsonschema_description:"as headed in the file"`
	Message string `json:"message"`
}

type importJSON struct {
	DryRun     bool                `json:"dry_run"`
	HeaderLine int                 `json:"header_line" jsonschema_description:"row of the header"`
	Rows       int                 `json:"rows" jsonschema_description:"data rows"`
	Valid      int                 `json:"valid"`
	Invalid    int                 `json:"invalid" jsonschema_description:"rows with problems"`
	Created    int                 `json:"created"`
	Poor       int                 `json:"poor" jsonschema_description:"valid rows"`
	NearPoor   int                 `json:"near_poor" jsonschema_description:"valid rows"`
	Problems   []importProblemJSON `json:"problems"`
	Truncated  bool                `json:"problems_truncated" jsonschema_description:"more than 5,000 problems; the first are listed"`
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
	rep, err := s.Households.Import(c.Request.Context(), name, body, households.ImportOptions{DryRun: dry, Scope: districtScope(c), Limits: s.uploadLimits()})
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
			field := fmt.Sprintf("row %d", p.Line)
			if p.Column != "" {
				field += ": " + p.Column
			}
			e.Fields = append(e.Fields, rl.FieldError{Field: field, Message: p.Message})
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
	size := c.GetInt64(ctxUpload)
	if mt == "multipart/form-data" {
		// Parts over 1 MB go to temporary files, not memory.
		if err := c.Request.ParseMultipartForm(1 << 20); err != nil {
			return "", nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "the multipart body cannot be read: " + err.Error()})
		}
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
	if size == 0 {
		return "", nil, rl.InvalidFields(rl.FieldError{Field: "file", Message: "the file is empty"})
	}
	return name, c.Request.Body, nil
}

type regionJSON struct {
	Code      string       `json:"code"`
	Name      string       `json:"name"`
	FullName  string       `json:"full_name"`
	Kind      string       `json:"kind" jsonschema_description:"tinh, thanh_pho, thi_xa, huyen, xa, phuong, thi_tran"`
	Level     int          `json:"level"`
	ValidFrom string       `json:"valid_from" jsonschema:"format=date"`
	ValidTo   string       `json:"valid_to,omitempty" jsonschema:"format=date"`
	Children  []regionJSON `json:"children,omitempty"`
}

type regionsJSON struct {
	Scheme   string        `json:"scheme"`
	Units    []regionJSON  `json:"units"`
	Mappings []mappingJSON `json:"mappings"`
}

// mappingJSON says which unit replaced an old one, and from when.
type mappingJSON struct {
	Old       string `json:"old"`
	New       string `json:"new"`
	Effective string `json:"effective" jsonschema:"format=date"`
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
	out := regionsJSON{Scheme: scheme, Units: []regionJSON{}, Mappings: []mappingJSON{}}
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
		out.Mappings = append(out.Mappings, mappingJSON{Old: m.Old, New: m.New, Effective: m.Effective})
	}
	c.JSON(http.StatusOK, out)
}

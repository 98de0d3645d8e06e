package households

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	rl "reliefledger"
	"reliefledger/internal/fold"
)

//go:embed data/*.csv
var referenceData embed.FS

// Filter selects households; zero values select all. District limits to
// one district (a district officer's scope is applied on top).
type Filter struct {
	Codes    []string // only these codes
	District string
	Commune  string
	Category Category
	Status   Status
	Flags    []string // all of them
	Query    string   // folded head name or code contains
	AfterID  int64
	Limit    int
}

// SummaryRow counts active households of one district and category.
type SummaryRow struct {
	District string
	Category Category
	Count    int64
	Members  int64
}

// Change is one recorded change of a household.
type Change struct {
	HouseholdID int64
	Version     int
	At          time.Time
	By          int64
	Reason      string
	Fields      map[string][2]string // field → [from, to]
}

// Store persists the registry.
type Store interface {
	// SaveRegions stores reference units and mappings, replacing units
	// with the same code.
	SaveRegions(ctx context.Context, units []Region, mappings []Mapping) error
	Regions(ctx context.Context) ([]Region, []Mapping, error)
	// CreateHousehold stores h; Conflict when its code or national ID is
	// taken. Idempotent like every creating call.
	CreateHousehold(ctx context.Context, h Household, idem *rl.IdemRecord) (Household, bool, error)
	// Household returns NotFound when there is none.
	Household(ctx context.Context, id int64) (Household, error)
	// UpdateHousehold writes h and its change if the stored version is
	// still h.Version-1; Conflict otherwise.
	UpdateHousehold(ctx context.Context, h Household, c Change) (Household, error)
	History(ctx context.Context, id int64) ([]Change, error)
	List(ctx context.Context, f Filter) ([]Household, error)
	Summary(ctx context.Context, district string) ([]SummaryRow, error)
	// Taken returns, among codes and national IDs, those already used, with
	// the code of the household that uses them.
	Taken(ctx context.Context, codes, nationalIDs []string) (codeTaken map[string]bool, idTaken map[string]string, err error)
	// InsertMany stores all households in one transaction, or none.
	InsertMany(ctx context.Context, hs []Household, progress func(done int)) error
	Count(ctx context.Context) (int64, error)
}

// Service is the registry.
type Service struct {
	store Store
	now   func() time.Time

	mu   sync.RWMutex
	tree *Tree
}

// NewService returns the registry; call LoadRegions before use.
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now, tree: NewTree(nil, nil)}
}

// ReferenceUnits returns the units and mappings shipped with the program:
// Sóc Trăng's 2021 three-level units (valid until the 2025 reform) and a
// sample of the 2025 two-level units of Cần Thơ city with the mapping from
// the old units.
func ReferenceUnits() ([]Region, []Mapping, error) {
	read := func(name string) []byte {
		b, err := referenceData.ReadFile("data/" + name)
		if err != nil {
			panic("households: missing reference data " + name)
		}
		return b
	}
	old, err := ReadUnitsCSV(bytes.NewReader(read("soctrang_2021.csv")), "2021", "2008-02-08", "2025-06-30")
	if err != nil {
		return nil, nil, err
	}
	cur, err := ReadUnitsCSV(bytes.NewReader(read("cantho_2025_sample.csv")), "2025", "2025-07-01", "")
	if err != nil {
		return nil, nil, err
	}
	maps, err := ReadMappingsCSV(bytes.NewReader(read("mapping_2025_sample.csv")))
	if err != nil {
		return nil, nil, err
	}
	return append(old, cur...), maps, nil
}

// LoadRegions stores the reference units and loads the tree.
func (s *Service) LoadRegions(ctx context.Context) error {
	units, maps, err := ReferenceUnits()
	if err != nil {
		return err
	}
	if err := s.store.SaveRegions(ctx, units, maps); err != nil {
		return err
	}
	return s.Reload(ctx)
}

// Reload reads the units from the store.
func (s *Service) Reload(ctx context.Context) error {
	units, maps, err := s.store.Regions(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.tree = NewTree(units, maps)
	s.mu.Unlock()
	return nil
}

// Tree returns the current units.
func (s *Service) Tree() *Tree {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tree
}

// DistrictExists reports whether code is a district-level unit.
func (s *Service) DistrictExists(_ context.Context, code string) bool {
	return s.Tree().IsDistrict(code)
}

// ByCodes returns the registered households among codes, by code (one
// query per 500 codes).
func (s *Service) ByCodes(ctx context.Context, codes []string) (map[string]Household, error) {
	out := make(map[string]Household, len(codes))
	for start := 0; start < len(codes); start += 500 {
		hs, err := s.store.List(ctx, Filter{Codes: codes[start:min(start+500, len(codes))]})
		if err != nil {
			return nil, err
		}
		for _, h := range hs {
			out[h.Code] = h
		}
	}
	return out, nil
}

// DistrictNames maps the code of every 2021 district to its name.
func (s *Service) DistrictNames() map[string]string {
	out := map[string]string{}
	for _, d := range s.Tree().Districts("2021") {
		out[d.Code] = d.Name
	}
	return out
}

var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$`)

// Input is a household as a caller proposes it, in the import's columns.
type Input map[Column]string

// rowProblem is one problem of one input row.
type rowProblem struct {
	Column  Column
	Message string
}

// validate turns an input row into a household. scope, when set, is the
// only district the caller may register households in.
func (s *Service) validate(in Input, scope string) (Household, []rowProblem) {
	var ps []rowProblem
	add := func(c Column, format string, args ...any) {
		ps = append(ps, rowProblem{Column: c, Message: fmt.Sprintf(format, args...)})
	}
	h := Household{Status: Active, Version: 1}
	h.Code = strings.TrimSpace(in[ColCode])
	if h.Code == "" {
		add(ColCode, "is required")
	} else if !codePattern.MatchString(h.Code) {
		add(ColCode, "%q must be 1–40 letters, digits, '.', '_', '/' or '-'", h.Code)
	}
	h.HeadName = strings.Join(strings.Fields(in[ColHeadName]), " ")
	if h.HeadName == "" {
		add(ColHeadName, "is required")
	} else if utf8.RuneCountInString(h.HeadName) > 200 {
		add(ColHeadName, "is longer than 200 characters")
	}
	if id := digitsOnly(in[ColNationalID]); in[ColNationalID] != "" {
		if len(id) != 12 && len(id) != 9 || id != strings.TrimSpace(in[ColNationalID]) {
			add(ColNationalID, "must be 12 digits (CCCD) or 9 digits (old CMND)")
		} else {
			h.NationalID = id
		}
	}
	if raw := strings.TrimSpace(in[ColPhone]); raw != "" {
		p := digitsOnly(raw)
		if strings.HasPrefix(raw, "+84") {
			p = "0" + strings.TrimPrefix(p, "84")
		}
		if len(p) != 10 || p[0] != '0' {
			add(ColPhone, "must be a 10-digit number starting with 0")
		} else {
			h.Phone = p
		}
	}
	tree := s.Tree()
	if c := strings.TrimSpace(in[ColCommune]); c == "" {
		add(ColCommune, "is required")
	} else if u, err := tree.ResolveCommune(c, in[ColDistrict]); err != nil {
		add(ColCommune, "%v", err)
	} else {
		h.Commune = u.Code
		if d, ok := tree.DistrictOf(u.Code); ok {
			h.District = d.Code
		}
		if scope != "" && h.District != scope {
			add(ColCommune, "%s is outside your district", u.FullName())
		}
	}
	h.Hamlet = strings.Join(strings.Fields(in[ColHamlet]), " ")
	if utf8.RuneCountInString(h.Hamlet) > 100 {
		add(ColHamlet, "is longer than 100 characters")
	}
	if c := strings.TrimSpace(in[ColCategory]); c == "" {
		add(ColCategory, "is required (Nghèo or Cận nghèo)")
	} else if cat, ok := CategoryOf(c); !ok {
		add(ColCategory, "%q is neither Nghèo (poor) nor Cận nghèo (near-poor)", c)
	} else {
		h.Category = cat
	}
	if m := strings.TrimSpace(in[ColMembers]); m == "" {
		add(ColMembers, "is required")
	} else if n, err := strconv.Atoi(m); err != nil || n < 1 || n > 50 {
		add(ColMembers, "%q must be a whole number from 1 to 50", m)
	} else {
		h.Members = n
	}
	h.Flags = ParseFlags(in[ColFlags])
	return h, ps
}

func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// flagWords maps words found in a notes column (folded) to flags.
var flagWords = []struct{ word, flag string }{
	{"r68", FlagR68}, {"nq68", FlagR68}, {"nq 68", FlagR68}, {"68/nq", FlagR68},
	{"elderly_head", FlagElderlyHead}, {"cao tuoi", FlagElderlyHead}, {"nguoi gia", FlagElderlyHead},
	{"disability", FlagDisability}, {"khuyet tat", FlagDisability},
	{"ethnic_minority", FlagEthnicMinority}, {"dan toc", FlagEthnicMinority}, {"khmer", FlagEthnicMinority}, {"hoa", FlagEthnicMinority},
	{"female_head", FlagFemaleHead}, {"chu ho nu", FlagFemaleHead},
	{"young_children", FlagChildren}, {"tre duoi 6", FlagChildren}, {"tre nho", FlagChildren},
}

// ParseFlags reads flags from a notes cell: flag codes or Vietnamese words
// ("khuyết tật", "NQ68", "Khmer", …), in KnownFlags order.
func ParseFlags(s string) []string {
	f := " " + fold.String(s) + " "
	f = strings.NewReplacer(",", " ", ";", " ", "(", " ", ")", " ").Replace(f)
	set := map[string]bool{}
	for _, w := range flagWords {
		if strings.Contains(f, " "+w.word+" ") {
			set[w.flag] = true
		}
	}
	return orderedFlags(set)
}

func orderedFlags(set map[string]bool) []string {
	var out []string
	for _, k := range KnownFlags {
		if set[k] {
			out = append(out, k)
		}
	}
	return out
}

// CleanFlags checks flag codes given one by one (the JSON API).
func CleanFlags(flags []string) ([]string, error) {
	set := map[string]bool{}
	for _, f := range flags {
		known := false
		for _, k := range KnownFlags {
			known = known || k == f
		}
		if !known {
			return nil, fmt.Errorf("unknown flag %q (known: %s)", f, strings.Join(KnownFlags, ", "))
		}
		set[f] = true
	}
	return orderedFlags(set), nil
}

var fieldOfColumn = map[Column]string{
	ColCode: "code", ColHeadName: "head_name", ColNationalID: "national_id", ColPhone: "phone", ColCommune: "commune",
	ColDistrict: "district", ColHamlet: "hamlet", ColCategory: "category", ColMembers: "members", ColFlags: "flags",
}

// Create registers one household. Invalid for bad fields, Conflict when its
// code or national ID is taken. scope is the caller's district, if any.
func (s *Service) Create(ctx context.Context, in Input, scope string, idem *rl.IdemRecord) (Household, bool, error) {
	h, ps := s.validate(in, scope)
	if len(ps) > 0 {
		var fe rl.Fields
		for _, p := range ps {
			fe.Add(fieldOfColumn[p.Column], "%s", p.Message)
		}
		return Household{}, false, fe.Err()
	}
	now := s.now().UTC()
	h.CreatedAt, h.UpdatedAt = now, now
	return s.store.CreateHousehold(ctx, h, idem)
}

// Get returns a household; NotFound when there is none or it lies outside
// scope.
func (s *Service) Get(ctx context.Context, id int64, scope string) (Household, error) {
	h, err := s.store.Household(ctx, id)
	if err != nil {
		return Household{}, err
	}
	if scope != "" && h.District != scope {
		return Household{}, rl.Errorf(rl.NotFound, "no household %d", id)
	}
	return h, nil
}

// Patch changes some fields of a household; nil means unchanged.
type Patch struct {
	Category *Category
	Status   *Status
	Members  *int
	Flags    *[]string
	Hamlet   *string
	HeadName *string
	Phone    *string
	Version  int // when set, the version the caller saw
	Reason   string
}

// Update applies a patch and records the change with who and when.
// NotFound outside scope, Invalid for bad values, Conflict when the
// household changed since the caller's version.
func (s *Service) Update(ctx context.Context, id int64, p Patch, by int64, scope string) (Household, error) {
	h, err := s.Get(ctx, id, scope)
	if err != nil {
		return Household{}, err
	}
	if p.Version != 0 && p.Version != h.Version {
		return Household{}, rl.CodedErrorf(rl.Conflict, "stale-version", "household %d is at version %d, not %d: reload it and retry", id, h.Version, p.Version)
	}
	var fe rl.Fields
	ch := Change{HouseholdID: id, By: by, Reason: strings.TrimSpace(p.Reason), Fields: map[string][2]string{}}
	set := func(field, from, to string) {
		if from != to {
			ch.Fields[field] = [2]string{from, to}
		}
	}
	if p.Category != nil {
		if !p.Category.Valid() {
			fe.Add("category", "must be poor or near_poor")
		} else {
			set("category", string(h.Category), string(*p.Category))
			h.Category = *p.Category
		}
	}
	if p.Status != nil {
		if !p.Status.Valid() {
			fe.Add("status", "must be active, graduated, moved or dissolved")
		} else {
			set("status", string(h.Status), string(*p.Status))
			h.Status = *p.Status
		}
	}
	if p.Members != nil {
		if *p.Members < 1 || *p.Members > 50 {
			fe.Add("members", "must be from 1 to 50")
		} else {
			set("members", strconv.Itoa(h.Members), strconv.Itoa(*p.Members))
			h.Members = *p.Members
		}
	}
	if p.Flags != nil {
		if flags, err := CleanFlags(*p.Flags); err != nil {
			fe.Add("flags", "%v", err)
		} else {
			set("flags", strings.Join(h.Flags, ","), strings.Join(flags, ","))
			h.Flags = flags
		}
	}
	if p.Hamlet != nil {
		v := strings.Join(strings.Fields(*p.Hamlet), " ")
		set("hamlet", h.Hamlet, v)
		h.Hamlet = v
	}
	if p.HeadName != nil {
		v := strings.Join(strings.Fields(*p.HeadName), " ")
		if v == "" {
			fe.Add("head_name", "must not be empty")
		}
		set("head_name", h.HeadName, v)
		h.HeadName = v
	}
	if p.Phone != nil {
		v := digitsOnly(*p.Phone)
		if v != "" && (len(v) != 10 || v[0] != '0') {
			fe.Add("phone", "must be a 10-digit number starting with 0, or empty")
		}
		set("phone", Mask(h.Phone), Mask(v)) // history keeps no full phone numbers
		h.Phone = v
	}
	if err := fe.Err(); err != nil {
		return Household{}, err
	}
	if len(ch.Fields) == 0 {
		return h, nil
	}
	h.Version++
	h.UpdatedAt = s.now().UTC()
	ch.Version, ch.At = h.Version, h.UpdatedAt
	return s.store.UpdateHousehold(ctx, h, ch)
}

// History returns a household's changes, oldest first.
func (s *Service) History(ctx context.Context, id int64, scope string) ([]Change, error) {
	if _, err := s.Get(ctx, id, scope); err != nil {
		return nil, err
	}
	return s.store.History(ctx, id)
}

// List returns households matching f within scope, by ID.
func (s *Service) List(ctx context.Context, f Filter, scope string) ([]Household, error) {
	if scope != "" {
		if f.District != "" && f.District != scope {
			return nil, nil
		}
		f.District = scope
	}
	f.Query = fold.String(f.Query)
	return s.store.List(ctx, f)
}

// Counts are active households and their members.
type Counts struct {
	Poor, NearPoor, Total, Members int64
}

// DistrictCounts are the counts of one district.
type DistrictCounts struct {
	District string
	Name     string // e.g. "Huyện Kế Sách"
	Counts
}

// Summary counts active households by district and category, districts in
// the order of the 2021 units, with the grand totals. scope, when set,
// keeps one district.
func (s *Service) Summary(ctx context.Context, scope string) ([]DistrictCounts, Counts, error) {
	rows, err := s.store.Summary(ctx, scope)
	if err != nil {
		return nil, Counts{}, err
	}
	tree := s.Tree()
	order := map[string]int{}
	for i, d := range tree.Districts("2021") {
		order[d.Code] = i
	}
	var out []DistrictCounts
	var all Counts
	idx := map[string]int{}
	for _, r := range rows {
		i, ok := idx[r.District]
		if !ok {
			name := r.District
			if u, ok := tree.Unit(r.District); ok {
				name = u.FullName()
			}
			out = append(out, DistrictCounts{District: r.District, Name: name})
			i = len(out) - 1
			idx[r.District] = i
		}
		for _, c := range []*Counts{&out[i].Counts, &all} {
			if r.Category == Poor {
				c.Poor += r.Count
			} else {
				c.NearPoor += r.Count
			}
			c.Total += r.Count
			c.Members += r.Members
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		oi, iok := order[out[i].District]
		oj, jok := order[out[j].District]
		if iok != jok {
			return iok
		}
		if oi != oj {
			return oi < oj
		}
		return out[i].District < out[j].District
	})
	return out, all, nil
}

// Count returns how many households are registered.
func (s *Service) Count(ctx context.Context) (int64, error) { return s.store.Count(ctx) }

// DemoHouseholdsOf returns the demo registry over the 2021 communes of tree.
func DemoHouseholdsOf(tree *Tree, seed uint64) []Household {
	var units []DemoUnit
	for _, u := range tree.Units() {
		if u.Scheme != "2021" || !u.IsCommune() {
			continue
		}
		d, _ := tree.DistrictOf(u.Code)
		units = append(units, DemoUnit{Commune: u.Code, CommuneName: u.Name, District: d.Code, DistrictName: d.Name})
	}
	return DemoHouseholds(units, seed)
}

// InsertDemo registers demo households in one transaction.
func (s *Service) InsertDemo(ctx context.Context, hs []Household, progress func(done int)) error {
	now := s.now().UTC()
	for i := range hs {
		hs[i].CreatedAt, hs[i].UpdatedAt = now, now
	}
	return s.store.InsertMany(ctx, hs, progress)
}

package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/households"
	"reliefledger/internal/fold"
)

// Households implements households.Store.
type Households struct{ db *DB }

var _ households.Store = (*Households)(nil)

// Households returns the registry store of db.
func (db *DB) Households() *Households { return &Households{db: db} }

type regionRow struct {
	Code       string `gorm:"primaryKey"`
	Name       string
	Kind       string
	ParentCode string
	Level      int
	Scheme     string
	ValidFrom  string
	ValidTo    string
	Seq        int
}

func (regionRow) TableName() string { return "regions" }

type mappingRow struct {
	OldCode   string `gorm:"primaryKey"`
	NewCode   string `gorm:"primaryKey"`
	Effective string
}

func (mappingRow) TableName() string { return "region_mappings" }

type householdRow struct {
	ID           int64 `gorm:"primaryKey"`
	Code         string
	HeadName     string
	SearchText   string
	NationalID   string `gorm:"column:national_id"`
	Phone        string
	CommuneCode  string
	DistrictCode string
	Hamlet       string
	Category     string
	Members      int
	Flags        string
	Status       string
	Synthetic    bool
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (householdRow) TableName() string { return "households" }

// searchText is what text search looks in: the folded name and the code.
func searchText(h households.Household) string {
	return fold.String(h.HeadName) + " " + strings.ToLower(h.Code)
}

func toHouseholdRow(h households.Household) householdRow {
	flags := ""
	if len(h.Flags) > 0 {
		flags = "," + strings.Join(h.Flags, ",") + ","
	}
	return householdRow{ID: h.ID, Code: h.Code, HeadName: h.HeadName, SearchText: searchText(h), NationalID: h.NationalID,
		Phone: h.Phone, CommuneCode: h.Commune, DistrictCode: h.District, Hamlet: h.Hamlet, Category: string(h.Category),
		Members: h.Members, Flags: flags, Status: string(h.Status), Synthetic: h.Synthetic, Version: h.Version,
		CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}

func (r householdRow) domain() households.Household {
	var flags []string
	if f := strings.Trim(r.Flags, ","); f != "" {
		flags = strings.Split(f, ",")
	}
	return households.Household{ID: r.ID, Code: r.Code, HeadName: r.HeadName, NationalID: r.NationalID, Phone: r.Phone,
		Commune: r.CommuneCode, District: r.DistrictCode, Hamlet: r.Hamlet, Category: households.Category(r.Category),
		Members: r.Members, Flags: flags, Status: households.Status(r.Status), Synthetic: r.Synthetic, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// SaveRegions implements households.Store: units and mappings are
// inserted, or updated when their codes exist.
func (s *Households) SaveRegions(ctx context.Context, units []households.Region, mappings []households.Mapping) error {
	return s.db.inTx(ctx, func(tx *Tx) error {
		rows := make([][]any, len(units))
		for i, u := range units {
			rows[i] = []any{u.Code, u.Name, u.Kind, u.Parent, u.Level, u.Scheme, u.ValidFrom, u.ValidTo, i}
		}
		err := tx.run.insertRows(tx.ctx, "regions", []string{"code", "name", "kind", "parent_code", "level", "scheme", "valid_from", "valid_to", "seq"},
			[]string{"text", "text", "text", "text", "int", "text", "text", "text", "int"}, rows,
			` ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_code = excluded.parent_code, level = excluded.level,
				scheme = excluded.scheme, valid_from = excluded.valid_from, valid_to = excluded.valid_to, seq = excluded.seq`)
		if err != nil {
			return fmt.Errorf("save regions: %w", err)
		}
		ms := make([][]any, len(mappings))
		for i, m := range mappings {
			ms[i] = []any{m.Old, m.New, m.Effective}
		}
		err = tx.run.insertRows(tx.ctx, "region_mappings", []string{"old_code", "new_code", "effective"}, []string{"text", "text", "text"}, ms,
			` ON CONFLICT (old_code, new_code) DO UPDATE SET effective = excluded.effective`)
		if err != nil {
			return fmt.Errorf("save region mappings: %w", err)
		}
		return nil
	})
}

// Regions implements households.Store.
func (s *Households) Regions(ctx context.Context) ([]households.Region, []households.Mapping, error) {
	var rows []regionRow
	if err := s.db.r.WithContext(ctx).Order("seq, code").Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("list regions: %w", err)
	}
	var ms []mappingRow
	if err := s.db.r.WithContext(ctx).Order("effective, old_code, new_code").Find(&ms).Error; err != nil {
		return nil, nil, fmt.Errorf("list region mappings: %w", err)
	}
	units := make([]households.Region, len(rows))
	for i, r := range rows {
		units[i] = households.Region{Code: r.Code, Name: r.Name, Kind: r.Kind, Parent: r.ParentCode, Level: r.Level, Scheme: r.Scheme,
			ValidFrom: r.ValidFrom, ValidTo: r.ValidTo}
	}
	maps := make([]households.Mapping, len(ms))
	for i, m := range ms {
		maps[i] = households.Mapping{Old: m.OldCode, New: m.NewCode, Effective: m.Effective}
	}
	return units, maps, nil
}

func householdConflict(err error, h households.Household) error {
	if !isUnique(err) {
		return err
	}
	if strings.Contains(uniqueConstraint(err), "national_id") {
		return rl.CodedErrorf(rl.Conflict, "duplicate", "national ID %s is already registered for another household", households.Mask(h.NationalID))
	}
	return rl.CodedErrorf(rl.Conflict, "duplicate", "household code %s is already in the registry", h.Code)
}

// CreateHousehold implements households.Store.
func (s *Households) CreateHousehold(ctx context.Context, h households.Household, idem *rl.IdemRecord) (households.Household, bool, error) {
	var out households.Household
	replayed, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		row := toHouseholdRow(h)
		if _, err := tx.one(`INSERT INTO households (`+householdCols+`) VALUES ? RETURNING id`, []any{valueRows{householdArgs(row)}}, &row.ID); err != nil {
			return "", householdConflict(err, h)
		}
		out = row.domain()
		return "household:" + strconv.FormatInt(row.ID, 10), nil
	}, func(ref string) error {
		id, _ := strconv.ParseInt(strings.TrimPrefix(ref, "household:"), 10, 64)
		var err error
		out, err = s.Household(ctx, id)
		return err
	})
	return out, replayed, err
}

// Household implements households.Store.
func (s *Households) Household(ctx context.Context, id int64) (households.Household, error) {
	var r householdRow
	if err := s.db.r.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		return households.Household{}, notFound(err, "no household %d", id)
	}
	return r.domain(), nil
}

// UpdateHousehold implements households.Store.
func (s *Households) UpdateHousehold(ctx context.Context, h households.Household, c households.Change) (households.Household, error) {
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return households.Household{}, err
	}
	err = s.db.inTx(ctx, func(tx *Tx) error {
		row := toHouseholdRow(h)
		n, err := tx.exec(`UPDATE households SET head_name = ?, search_text = ?, phone = ?, hamlet = ?, category = ?, members = ?, flags = ?,
			status = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`, row.HeadName, row.SearchText, row.Phone, row.Hamlet,
			row.Category, row.Members, row.Flags, row.Status, row.Version, row.UpdatedAt, h.ID, h.Version-1)
		if err != nil {
			return fmt.Errorf("update household %d: %w", h.ID, err)
		}
		if n == 0 {
			return rl.CodedErrorf(rl.Conflict, "stale-version", "household %d changed meanwhile: reload it and retry", h.ID)
		}
		tx.note("household:" + strconv.FormatInt(h.ID, 10))
		_, err = tx.exec(`INSERT INTO household_changes (household_id, version, changed_at, changed_by, reason, fields) VALUES (?, ?, ?, ?, ?, ?)`,
			c.HouseholdID, c.Version, c.At, c.By, c.Reason, string(fields))
		return err
	})
	if err != nil {
		return households.Household{}, err
	}
	return h, nil
}

// History implements households.Store.
func (s *Households) History(ctx context.Context, id int64) ([]households.Change, error) {
	var out []households.Change
	err := s.db.read.each(ctx, `SELECT household_id, version, changed_at, changed_by, reason, fields FROM household_changes
		WHERE household_id = ? ORDER BY version`, []any{id}, func(scan func(...any) error) error {
		var c households.Change
		var fields string
		if err := scan(&c.HouseholdID, &c.Version, &c.At, &c.By, &c.Reason, &fields); err != nil {
			return err
		}
		c.At = c.At.UTC()
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return fmt.Errorf("bad fields of version %d: %w", c.Version, err)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("household history: %w", err)
	}
	return out, nil
}

// ChangesSince implements households.Store.
func (s *Households) ChangesSince(ctx context.Context, since time.Time) ([]households.Change, error) {
	var out []households.Change
	err := s.db.read.each(ctx, `SELECT household_id, version, changed_at, changed_by, reason, fields FROM household_changes
		WHERE changed_at >= ? ORDER BY household_id, version`, []any{since.UTC()}, func(scan func(...any) error) error {
		var c households.Change
		var fields string
		if err := scan(&c.HouseholdID, &c.Version, &c.At, &c.By, &c.Reason, &fields); err != nil {
			return err
		}
		c.At = c.At.UTC()
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return fmt.Errorf("bad fields of household %d version %d: %w", c.HouseholdID, c.Version, err)
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("household changes: %w", err)
	}
	return out, nil
}

// List implements households.Store.
func (s *Households) List(ctx context.Context, f households.Filter) ([]households.Household, error) {
	q := s.db.r.WithContext(ctx).Model(&householdRow{}).Order("id").Where("id > ?", f.AfterID)
	if f.District != "" {
		q = q.Where("district_code = ?", f.District)
	}
	if f.Commune != "" {
		q = q.Where("commune_code = ?", f.Commune)
	}
	if f.Category != "" {
		q = q.Where("category = ?", string(f.Category))
	}
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	for _, flag := range f.Flags {
		q = q.Where("flags LIKE ?", "%,"+flag+",%")
	}
	if len(f.Codes) > 0 {
		q = q.Where("code IN ?", f.Codes)
	}
	if f.Query != "" {
		q = q.Where("search_text LIKE ?", "%"+escapeLike(f.Query)+"%")
	}
	if f.Limit > 0 {
		q = q.Limit(f.Limit)
	}
	var rows []householdRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list households: %w", err)
	}
	out := make([]households.Household, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

// Summary implements households.Store.
func (s *Households) Summary(ctx context.Context, district string) ([]households.SummaryRow, error) {
	q := `SELECT district_code, category, COUNT(*) AS n, SUM(members) AS m FROM households WHERE status = 'active'`
	var args []any
	if district != "" {
		q += ` AND district_code = ?`
		args = append(args, district)
	}
	var out []households.SummaryRow
	err := s.db.read.each(ctx, q+` GROUP BY district_code, category`, args, func(scan func(...any) error) error {
		var r households.SummaryRow
		var cat string
		err := scan(&r.District, &cat, &r.Count, &r.Members)
		r.Category = households.Category(cat)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("household summary: %w", err)
	}
	return out, nil
}

// Taken implements households.Store.
func (s *Households) Taken(ctx context.Context, codes, ids []string) (map[string]bool, map[string]string, error) {
	codeTaken, idTaken := map[string]bool{}, map[string]string{}
	query := func(col string, vals []string, each func(code, id string)) error {
		for start := 0; start < len(vals); start += 1000 {
			chunk := vals[start:min(start+1000, len(vals))]
			err := s.db.read.each(ctx, `SELECT code, national_id FROM households WHERE `+col+` IN (?)`, []any{listOf(chunk)},
				func(scan func(...any) error) error {
					var code, id string
					err := scan(&code, &id)
					each(code, id)
					return err
				})
			if err != nil {
				return err
			}
		}
		return nil
	}
	if err := query("code", codes, func(code, _ string) { codeTaken[code] = true }); err != nil {
		return nil, nil, fmt.Errorf("check household codes: %w", err)
	}
	if err := query("national_id", ids, func(code, id string) { idTaken[id] = code }); err != nil {
		return nil, nil, fmt.Errorf("check national IDs: %w", err)
	}
	return codeTaken, idTaken, nil
}

// Count implements households.Store.
func (s *Households) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.r.WithContext(ctx).Model(&householdRow{}).Count(&n).Error
	return n, err
}

// InsertMany implements households.Store: one transaction, in chunks.
func (s *Households) InsertMany(ctx context.Context, hs []households.Household, progress func(done int)) error {
	chunk := 500
	if s.db.pg {
		chunk = 5000
	}
	err := s.db.inTx(ctx, func(tx *Tx) error {
		for start := 0; start < len(hs); start += chunk {
			part := hs[start:min(start+chunk, len(hs))]
			rows := make([][]any, len(part))
			for i, h := range part {
				rows[i] = householdArgs(toHouseholdRow(h))
			}
			if err := tx.insertRows("households", householdColumns, householdTypes, rows); err != nil {
				if isUnique(err) {
					return rl.CodedErrorf(rl.Conflict, "duplicate", "a household code or national ID was registered meanwhile; nothing was imported: %v", uniqueConstraint(err))
				}
				return fmt.Errorf("insert households: %w", err)
			}
			if progress != nil {
				progress(start + len(part))
			}
		}
		return nil
	})
	if err != nil || len(hs) < 10000 {
		return err
	}
	return s.db.analyze(ctx, "households")
}

var (
	householdColumns = strings.Split(householdCols, ", ")
	householdTypes   = []string{"text", "text", "text", "text", "text", "text", "text", "text", "text", "int", "text", "text", "boolean", "int", "timestamptz", "timestamptz"}
)

const householdCols = `code, head_name, search_text, national_id, phone, commune_code, district_code, hamlet, category, members, flags, status, synthetic, version, created_at, updated_at`

func householdArgs(r householdRow) []any {
	return []any{r.Code, r.HeadName, r.SearchText, r.NationalID, r.Phone, r.CommuneCode, r.DistrictCode, r.Hamlet,
		r.Category, r.Members, r.Flags, r.Status, r.Synthetic, r.Version, r.CreatedAt, r.UpdatedAt}
}

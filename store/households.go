package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

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

// SaveRegions implements households.Store.
func (s *Households) SaveRegions(ctx context.Context, units []households.Region, mappings []households.Mapping) error {
	return s.db.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		rows := make([]regionRow, len(units))
		for i, u := range units {
			rows[i] = regionRow{Code: u.Code, Name: u.Name, Kind: u.Kind, ParentCode: u.Parent, Level: u.Level, Scheme: u.Scheme,
				ValidFrom: u.ValidFrom, ValidTo: u.ValidTo, Seq: i}
		}
		if len(rows) > 0 {
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(rows, 200).Error; err != nil {
				return fmt.Errorf("save regions: %w", err)
			}
		}
		ms := make([]mappingRow, len(mappings))
		for i, m := range mappings {
			ms[i] = mappingRow{OldCode: m.Old, NewCode: m.New, Effective: m.Effective}
		}
		if len(ms) > 0 {
			if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).CreateInBatches(ms, 200).Error; err != nil {
				return fmt.Errorf("save region mappings: %w", err)
			}
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
	replayed, err := s.db.idempotent(ctx, idem, func(tx *gorm.DB) (string, error) {
		row := toHouseholdRow(h)
		if err := tx.Create(&row).Error; err != nil {
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
	err = s.db.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		row := toHouseholdRow(h)
		res := tx.Model(&householdRow{}).Where("id = ? AND version = ?", h.ID, h.Version-1).Updates(map[string]any{
			"head_name": row.HeadName, "search_text": row.SearchText, "phone": row.Phone, "hamlet": row.Hamlet,
			"category": row.Category, "members": row.Members, "flags": row.Flags, "status": row.Status,
			"version": row.Version, "updated_at": row.UpdatedAt,
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return rl.CodedErrorf(rl.Conflict, "stale-version", "household %d changed meanwhile: reload it and retry", h.ID)
		}
		return tx.Exec(`INSERT INTO household_changes (household_id, version, changed_at, changed_by, reason, fields) VALUES (?, ?, ?, ?, ?, ?)`,
			c.HouseholdID, c.Version, c.At, c.By, c.Reason, string(fields)).Error
	})
	if err != nil {
		return households.Household{}, err
	}
	return h, nil
}

// History implements households.Store.
func (s *Households) History(ctx context.Context, id int64) ([]households.Change, error) {
	var rows []struct {
		HouseholdID int64
		Version     int
		ChangedAt   time.Time
		ChangedBy   int64
		Reason      string
		Fields      string
	}
	if err := s.db.r.WithContext(ctx).Raw(`SELECT household_id, version, changed_at, changed_by, reason, fields FROM household_changes
		WHERE household_id = ? ORDER BY version`, id).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("household history: %w", err)
	}
	out := make([]households.Change, len(rows))
	for i, r := range rows {
		out[i] = households.Change{HouseholdID: r.HouseholdID, Version: r.Version, At: r.ChangedAt.UTC(), By: r.ChangedBy, Reason: r.Reason}
		if err := json.Unmarshal([]byte(r.Fields), &out[i].Fields); err != nil {
			return nil, fmt.Errorf("household history: bad fields of version %d: %w", r.Version, err)
		}
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
	var rows []struct {
		DistrictCode string
		Category     string
		N            int64
		M            int64
	}
	if err := s.db.r.WithContext(ctx).Raw(q+` GROUP BY district_code, category`, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("household summary: %w", err)
	}
	out := make([]households.SummaryRow, len(rows))
	for i, r := range rows {
		out[i] = households.SummaryRow{District: r.DistrictCode, Category: households.Category(r.Category), Count: r.N, Members: r.M}
	}
	return out, nil
}

// Taken implements households.Store.
func (s *Households) Taken(ctx context.Context, codes, ids []string) (map[string]bool, map[string]string, error) {
	codeTaken, idTaken := map[string]bool{}, map[string]string{}
	sqlDB, err := s.db.r.DB()
	if err != nil {
		return nil, nil, err
	}
	query := func(col string, vals []string, each func(code, id string)) error {
		for start := 0; start < len(vals); start += 1000 {
			chunk := vals[start:min(start+1000, len(vals))]
			args := make([]any, len(chunk))
			for i, v := range chunk {
				args[i] = v
			}
			rows, err := sqlDB.QueryContext(ctx, s.db.rebind(`SELECT code, national_id FROM households WHERE `+col+` IN (`+
				strings.TrimSuffix(strings.Repeat("?,", len(chunk)), ",")+`)`), args...)
			if err != nil {
				return err
			}
			if err := eachRow(rows, each); err != nil {
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

func eachRow(rows *sql.Rows, each func(a, b string)) error {
	defer rows.Close()
	for rows.Next() {
		var a, b string
		if err := rows.Scan(&a, &b); err != nil {
			return err
		}
		each(a, b)
	}
	return rows.Err()
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
	return s.db.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		conn, ok := tx.Statement.ConnPool.(querier)
		if !ok {
			return fmt.Errorf("insert households: unexpected connection %T", tx.Statement.ConnPool)
		}
		for start := 0; start < len(hs); start += chunk {
			part := hs[start:min(start+chunk, len(hs))]
			var err error
			if s.db.pg {
				err = insertHouseholdsPG(ctx, conn, part)
			} else {
				err = insertHouseholdsSQLite(ctx, conn, part)
			}
			if err != nil {
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
}

const householdCols = `code, head_name, search_text, national_id, phone, commune_code, district_code, hamlet, category, members, flags, status, synthetic, version, created_at, updated_at`

// insertHouseholdsSQLite inserts row by row through one prepared
// statement, SQLite's fastest path (a local file, no round trips).
func insertHouseholdsSQLite(ctx context.Context, q querier, hs []households.Household) error {
	p, ok := q.(interface {
		PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
	})
	if !ok {
		return fmt.Errorf("insert households: cannot prepare on %T", q)
	}
	stmt, err := p.PrepareContext(ctx, `INSERT INTO households (`+householdCols+`) VALUES `+placeholders(1, 16))
	if err != nil {
		return err
	}
	defer stmt.Close()
	for _, h := range hs {
		r := toHouseholdRow(h)
		if _, err := stmt.ExecContext(ctx, r.Code, r.HeadName, r.SearchText, r.NationalID, r.Phone, r.CommuneCode, r.DistrictCode, r.Hamlet,
			r.Category, r.Members, r.Flags, r.Status, r.Synthetic, r.Version, r.CreatedAt, r.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

func insertHouseholdsPG(ctx context.Context, q querier, hs []households.Household) error {
	n := len(hs)
	cols := make([][]string, 12)
	for i := range cols {
		cols[i] = make([]string, n)
	}
	members, version := make([]int32, n), make([]int32, n)
	synthetic := make([]bool, n)
	created, updated := make([]time.Time, n), make([]time.Time, n)
	for i, h := range hs {
		r := toHouseholdRow(h)
		for j, v := range []string{r.Code, r.HeadName, r.SearchText, r.NationalID, r.Phone, r.CommuneCode, r.DistrictCode, r.Hamlet, r.Category, r.Flags, r.Status} {
			cols[j][i] = v
		}
		members[i], version[i], synthetic[i], created[i], updated[i] = int32(r.Members), int32(r.Version), r.Synthetic, r.CreatedAt, r.UpdatedAt
	}
	_, err := q.ExecContext(ctx, `INSERT INTO households (`+householdCols+`)
		SELECT code, head, st, nid, phone, commune, district, hamlet, cat, mem, flags, status, syn, ver, ca, ua
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
			$10::int[], $11::text[], $12::text[], $13::bool[], $14::int[], $15::timestamptz[], $16::timestamptz[])
		AS x(code, head, st, nid, phone, commune, district, hamlet, cat, mem, flags, status, syn, ver, ca, ua)`,
		cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6], cols[7], cols[8], members, cols[9], cols[10], synthetic, version, created, updated)
	return err
}

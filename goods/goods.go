// Package goods keeps in-kind goods: warehouses, stock moved between them
// and issued to those who receive it. Stock lives in the ledger: each fund
// has one stock account per warehouse and item (1150.WAREHOUSE.ITEM, plus a
// designation suffix for earmarked goods) whose quantity balance is the
// stock and whose đồng balance is its value. Goods leave at the moving
// weighted average cost of their account (see ledger.StockCode's package
// doc), so the value that leaves a warehouse is the value that arrives.
package goods

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	rl "reliefledger"
	"reliefledger/ledger"
)

// ProvinceWarehouse is the code of the province's warehouse.
const ProvinceWarehouse = "PROV"

// DistrictWarehouse is the code of a district's warehouse: "D" + district.
func DistrictWarehouse(district string) string { return "D" + district }

// Warehouse is a place goods are kept: the province's, or a district's.
type Warehouse struct {
	Code      string
	Name      string
	District  string // "" for the province's
	CreatedAt time.Time
}

// Store persists warehouses.
type Store interface {
	Warehouses(ctx context.Context) ([]Warehouse, error)
	// Warehouse returns NotFound if there is none with the code.
	Warehouse(ctx context.Context, code string) (Warehouse, error)
	// CreateWarehouse stores a warehouse; idempotent with a key; Conflict
	// when the code is taken.
	CreateWarehouse(ctx context.Context, w Warehouse, idem *rl.IdemRecord) (Warehouse, bool, error)
	// EnsureWarehouses inserts the warehouses that do not exist yet.
	EnsureWarehouses(ctx context.Context, ws []Warehouse) error
}

// Service manages warehouses and stock movements.
type Service struct {
	store  Store
	ledger *ledger.Service
	now    func() time.Time
	// DistrictExists, when set, checks a new warehouse's district.
	DistrictExists func(ctx context.Context, code string) bool
}

// NewService returns the goods service.
func NewService(store Store, l *ledger.Service, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, ledger: l, now: now}
}

// Seed creates the province's warehouse and one per district (code → name)
// when they do not exist yet.
func (s *Service) Seed(ctx context.Context, districts map[string]string) error {
	now := rl.Stamp(s.now())
	ws := []Warehouse{{Code: ProvinceWarehouse, Name: "Kho Ủy ban MTTQ tỉnh", CreatedAt: now}}
	for code, name := range districts {
		ws = append(ws, Warehouse{Code: DistrictWarehouse(code), Name: "Kho MTTQ " + name, District: code, CreatedAt: now})
	}
	return s.store.EnsureWarehouses(ctx, ws)
}

// Warehouses lists the warehouses by code.
func (s *Service) Warehouses(ctx context.Context) ([]Warehouse, error) {
	return s.store.Warehouses(ctx)
}

// Warehouse returns one warehouse; NotFound if there is none.
func (s *Service) Warehouse(ctx context.Context, code string) (Warehouse, error) {
	return s.store.Warehouse(ctx, strings.ToUpper(strings.TrimSpace(code)))
}

var warehouseCode = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,19}$`)

// CreateWarehouse adds a warehouse. Invalid for bad fields, Conflict when
// the code is taken.
func (s *Service) CreateWarehouse(ctx context.Context, a ledger.Actor, w Warehouse) (Warehouse, bool, error) {
	var fe rl.Fields
	w.Code = strings.ToUpper(strings.TrimSpace(w.Code))
	w.Name = strings.Join(strings.Fields(w.Name), " ")
	if !warehouseCode.MatchString(w.Code) {
		fe.Add("code", "must be 2–20 capital letters, digits or _ starting with a letter, e.g. D943_2")
	}
	if w.Name == "" || utf8.RuneCountInString(w.Name) > 200 {
		fe.Add("name", "is required, at most 200 characters")
	}
	if w.District != "" && s.DistrictExists != nil && !s.DistrictExists(ctx, w.District) {
		fe.Add("district", "no district %q", w.District)
	}
	if err := fe.Err(); err != nil {
		return Warehouse{}, false, err
	}
	w.CreatedAt = rl.Stamp(s.now())
	return s.store.CreateWarehouse(ctx, w, a.Idem)
}

// WarehouseDistrict tells whether a warehouse exists and its district ("" for
// the province's); donations use it to check where goods are received.
func (s *Service) WarehouseDistrict(ctx context.Context, code string) (string, bool) {
	w, err := s.Warehouse(ctx, code)
	return w.District, err == nil
}

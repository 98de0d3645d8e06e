package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	rl "reliefledger"
	"reliefledger/goods"
)

// Goods implements goods.Store.
type Goods struct{ db *DB }

var _ goods.Store = (*Goods)(nil)

// Goods returns the warehouses store of db.
func (db *DB) Goods() *Goods { return &Goods{db: db} }

type warehouseRow struct {
	Code         string `gorm:"primaryKey"`
	Name         string
	DistrictCode string
	CreatedAt    time.Time
}

func (warehouseRow) TableName() string { return "warehouses" }

func (r warehouseRow) domain() goods.Warehouse {
	return goods.Warehouse{Code: r.Code, Name: r.Name, District: r.DistrictCode, CreatedAt: r.CreatedAt.UTC()}
}

// Warehouses implements goods.Store.
func (g *Goods) Warehouses(ctx context.Context) ([]goods.Warehouse, error) {
	var rows []warehouseRow
	if err := g.db.r.WithContext(ctx).Order("code").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list warehouses: %w", err)
	}
	out := make([]goods.Warehouse, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Warehouse implements goods.Store.
func (g *Goods) Warehouse(ctx context.Context, code string) (goods.Warehouse, error) {
	var r warehouseRow
	if err := g.db.r.WithContext(ctx).Where("code = ?", code).Take(&r).Error; err != nil {
		return goods.Warehouse{}, notFound(err, "no warehouse %q", code)
	}
	return r.domain(), nil
}

// CreateWarehouse implements goods.Store.
func (g *Goods) CreateWarehouse(ctx context.Context, w goods.Warehouse, idem *rl.IdemRecord) (goods.Warehouse, bool, error) {
	out := w
	replayed, err := g.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		if _, err := tx.exec(`INSERT INTO warehouses (code, name, district_code, created_at) VALUES (?, ?, ?, ?)`,
			w.Code, w.Name, w.District, w.CreatedAt); err != nil {
			if isUnique(err) {
				return "", rl.CodedErrorf(rl.Conflict, "duplicate", "a warehouse with code %s exists already", w.Code)
			}
			return "", fmt.Errorf("insert warehouse %s: %w", w.Code, err)
		}
		return "warehouse:" + w.Code, nil
	}, func(ref string) error {
		var err error
		out, err = g.Warehouse(ctx, strings.TrimPrefix(ref, "warehouse:"))
		return err
	})
	return out, replayed, err
}

// EnsureWarehouses implements goods.Store.
func (g *Goods) EnsureWarehouses(ctx context.Context, ws []goods.Warehouse) error {
	return g.db.inTx(ctx, func(tx *Tx) error {
		for _, w := range ws {
			if _, err := tx.exec(`INSERT INTO warehouses (code, name, district_code, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				w.Code, w.Name, w.District, w.CreatedAt); err != nil {
				return fmt.Errorf("insert warehouse %s: %w", w.Code, err)
			}
		}
		return nil
	})
}

package store

import (
	"context"
	"fmt"
	"time"

	"reliefledger/access"
)

// Access implements access.Store.
type Access struct{ db *DB }

var _ access.Store = (*Access)(nil)

// Access returns the users and tokens store of db.
func (db *DB) Access() *Access { return &Access{db: db} }

type userRow struct {
	ID           int64 `gorm:"primaryKey"`
	Name         string
	Role         string
	DistrictCode string
	CreatedAt    time.Time
	DisabledAt   *time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) domain() access.User {
	return access.User{ID: r.ID, Name: r.Name, Role: access.Role(r.Role), District: r.DistrictCode, CreatedAt: r.CreatedAt, DisabledAt: r.DisabledAt}
}

type tokenRow struct {
	ID        int64 `gorm:"primaryKey"`
	UserID    int64
	Name      string
	TokenHash string
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

func (tokenRow) TableName() string { return "api_tokens" }

func (r tokenRow) domain() access.Token {
	return access.Token{ID: r.ID, UserID: r.UserID, Name: r.Name, CreatedAt: r.CreatedAt, ExpiresAt: r.ExpiresAt, RevokedAt: r.RevokedAt}
}

// CountUsers implements access.Store.
func (a *Access) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := a.db.r.WithContext(ctx).Model(&userRow{}).Count(&n).Error
	return n, err
}

// CreateUser implements access.Store.
func (a *Access) CreateUser(ctx context.Context, u access.User) (access.User, error) {
	r := userRow{Name: u.Name, Role: string(u.Role), DistrictCode: u.District, CreatedAt: u.CreatedAt}
	if err := a.db.w.WithContext(ctx).Create(&r).Error; err != nil {
		return access.User{}, fmt.Errorf("create user: %w", err)
	}
	return r.domain(), nil
}

// CreateToken implements access.Store.
func (a *Access) CreateToken(ctx context.Context, t access.Token, hash string) (access.Token, error) {
	r := tokenRow{UserID: t.UserID, Name: t.Name, TokenHash: hash, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}
	if err := a.db.w.WithContext(ctx).Create(&r).Error; err != nil {
		return access.Token{}, fmt.Errorf("create token: %w", err)
	}
	return r.domain(), nil
}

// TokenByHash implements access.Store.
func (a *Access) TokenByHash(ctx context.Context, hash string) (access.Token, access.User, error) {
	var t tokenRow
	if err := a.db.r.WithContext(ctx).Where("token_hash = ?", hash).Take(&t).Error; err != nil {
		return access.Token{}, access.User{}, notFound(err, "no such token")
	}
	var u userRow
	if err := a.db.r.WithContext(ctx).Where("id = ?", t.UserID).Take(&u).Error; err != nil {
		return access.Token{}, access.User{}, notFound(err, "no such user")
	}
	return t.domain(), u.domain(), nil
}

package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	rl "reliefledger"
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
	Username     *string
	Role         string
	DistrictCode string
	CreatedAt    time.Time
	DisabledAt   *time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) domain() access.User {
	u := access.User{ID: r.ID, Name: r.Name, Role: access.Role(r.Role), District: r.DistrictCode, CreatedAt: r.CreatedAt, DisabledAt: r.DisabledAt}
	if r.Username != nil {
		u.Username = *r.Username
	}
	return u
}

// nullString is s, or NULL when it is "" (a user without a username).
func nullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
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
	r := userRow{Name: u.Name, Username: nullString(u.Username), Role: string(u.Role), DistrictCode: u.District, CreatedAt: u.CreatedAt}
	if err := a.db.w.WithContext(ctx).Create(&r).Error; err != nil {
		if isUnique(err) {
			return access.User{}, usernameTaken(u.Username)
		}
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

var _ access.UserStore = (*Access)(nil)

// UserByID implements access.UserStore.
func (a *Access) UserByID(ctx context.Context, id int64) (access.User, error) {
	var u userRow
	if err := a.db.r.WithContext(ctx).Where("id = ?", id).Take(&u).Error; err != nil {
		return access.User{}, notFound(err, "no user %d", id)
	}
	return u.domain(), nil
}

// Users implements access.UserStore.
func (a *Access) Users(ctx context.Context, afterID int64, limit int) ([]access.User, error) {
	var rows []userRow
	if err := a.db.r.WithContext(ctx).Where("id > ?", afterID).Order("id").Limit(limit).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]access.User, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// Tokens implements access.UserStore.
func (a *Access) Tokens(ctx context.Context, userID int64) ([]access.Token, error) {
	var rows []tokenRow
	if err := a.db.r.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	out := make([]access.Token, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

// RevokeToken implements access.UserStore.
func (a *Access) RevokeToken(ctx context.Context, userID, tokenID int64, at time.Time) (access.Token, error) {
	var out access.Token
	err := a.db.inTx(ctx, func(tx *Tx) error {
		var t tokenRow
		found, err := tx.one(`SELECT id, user_id, name, created_at, expires_at, revoked_at FROM api_tokens WHERE id = ? AND user_id = ?`,
			[]any{tokenID, userID}, &t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.ExpiresAt, &t.RevokedAt)
		if err != nil {
			return err
		}
		if !found {
			return rl.Errorf(rl.NotFound, "user %d has no token %d", userID, tokenID)
		}
		tx.note("token:" + strconv.FormatInt(t.ID, 10))
		if t.RevokedAt == nil {
			t.RevokedAt = &at
			if _, err := tx.exec(`UPDATE api_tokens SET revoked_at = ? WHERE id = ?`, at, t.ID); err != nil {
				return err
			}
		}
		out = t.domain()
		return nil
	})
	return out, err
}

// CreateUserIdem implements access.UserStore.
func (a *Access) CreateUserIdem(ctx context.Context, u access.User, passwordHash string, idem *rl.IdemRecord) (access.User, bool, error) {
	var out access.User
	replayed, err := a.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		r := userRow{Name: u.Name, Username: nullString(u.Username), Role: string(u.Role), DistrictCode: u.District, CreatedAt: u.CreatedAt}
		var setAt *time.Time
		if passwordHash != "" {
			setAt = &u.CreatedAt
		}
		if _, err := tx.one(`INSERT INTO users (name, username, role, district_code, created_at, password_hash, password_set_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{r.Name, r.Username, r.Role, r.DistrictCode, r.CreatedAt, nullString(passwordHash), setAt}, &r.ID); err != nil {
			if isUnique(err) {
				return "", usernameTaken(u.Username)
			}
			return "", fmt.Errorf("create user: %w", err)
		}
		out = r.domain()
		return "user:" + strconv.FormatInt(r.ID, 10), nil
	}, func(ref string) error {
		id, _ := strconv.ParseInt(strings.TrimPrefix(ref, "user:"), 10, 64)
		var err error
		out, err = a.UserByID(ctx, id)
		return err
	})
	return out, replayed, err
}

// CreateTokenIdem implements access.UserStore.
func (a *Access) CreateTokenIdem(ctx context.Context, t access.Token, hash string, idem *rl.IdemRecord) (access.Token, bool, error) {
	var out access.Token
	replayed, err := a.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		r := tokenRow{UserID: t.UserID, Name: t.Name, TokenHash: hash, CreatedAt: t.CreatedAt, ExpiresAt: t.ExpiresAt}
		if _, err := tx.one(`INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{r.UserID, r.Name, r.TokenHash, r.CreatedAt, r.ExpiresAt}, &r.ID); err != nil {
			return "", fmt.Errorf("create token: %w", err)
		}
		out = r.domain()
		return "token:" + strconv.FormatInt(r.ID, 10), nil
	}, func(ref string) error {
		id, _ := strconv.ParseInt(strings.TrimPrefix(ref, "token:"), 10, 64)
		var r tokenRow
		if err := a.db.r.WithContext(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
			return notFound(err, "no token %d", id)
		}
		out = r.domain()
		return nil
	})
	return out, replayed, err
}

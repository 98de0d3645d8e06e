package access

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	rl "reliefledger"
)

// UserStore is the part of the store that manages users and tokens.
type UserStore interface {
	// UserByID returns NotFound if there is no such user.
	UserByID(ctx context.Context, id int64) (User, error)
	// Users lists users by ID after afterID.
	Users(ctx context.Context, afterID int64, limit int) ([]User, error)
	// Tokens lists a user's tokens, newest first.
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken marks a token of the user revoked at the given time;
	// NotFound when the user has no such token. Revoking twice keeps the
	// first time.
	RevokeToken(ctx context.Context, userID, tokenID int64, at time.Time) (Token, error)
	// CreateUserIdem and CreateTokenIdem store like CreateUser and
	// CreateToken, together with the idempotency record when idem is set.
	// A replay returns the first result and replayed=true; a key reused
	// with another request returns Conflict. CreateUserIdem stores the
	// password hash too when it is not "".
	CreateUserIdem(ctx context.Context, u User, passwordHash string, idem *rl.IdemRecord) (User, bool, error)
	CreateTokenIdem(ctx context.Context, t Token, hash string, idem *rl.IdemRecord) (Token, bool, error)
	// UserByUsername returns NotFound if no user has the (lower-case)
	// username.
	UserByUsername(ctx context.Context, username string) (User, error)
	// SetPassword stores a user's password hash (and username, when not
	// ""), clears the count of wrong passwords and any lock, and revokes
	// every session of the user, in one transaction. Conflict when another
	// user has the username.
	SetPassword(ctx context.Context, userID int64, username, hash string, at time.Time) (User, error)
	// UpdateUser writes a user's new role, district and deactivation in
	// one transaction: when the user is deactivated there (DisabledAt set
	// where it was not) every open session of the user is revoked at at.
	// It refuses with ErrLastAdmin, and writes nothing, when afterwards no
	// active admin would remain. NotFound for an unknown user.
	UpdateUser(ctx context.Context, id int64, ch UserChange, at time.Time) (User, error)
}

// UserInput proposes a user.
type UserInput struct {
	Name string
	// Username is optional: a user without one signs in with tokens only.
	Username string
	Role     Role
	District string
	// Password, when set, is the user's first password (Username is then
	// required); never stored in clear.
	Password string
}

// CheckDistrict, when set, tells whether a district code exists; users of
// role district_officer must name one.
type CheckDistrict func(ctx context.Context, code string) bool

// Users manages users and their tokens.
type Users struct {
	store    UserStore
	auth     *Service
	now      func() time.Time
	District CheckDistrict
	// Params are the costs of new password hashes.
	Params PasswordParams
}

// NewUsers returns the user manager; auth's cache is cleared on revocation.
func NewUsers(store UserStore, auth *Service, now func() time.Time) *Users {
	if now == nil {
		now = time.Now
	}
	return &Users{store: store, auth: auth, now: now, Params: DefaultPasswordParams}
}

// Create adds a user. Invalid for an unknown role, a missing name, or a
// district given to a role that has none (or missing for a district
// officer); with a password, for a missing username or a password that
// breaks CheckPasswordRule. The password is stored only as its argon2id
// hash, in the same transaction as the user.
func (u *Users) Create(ctx context.Context, in UserInput, idem *rl.IdemRecord) (User, bool, error) {
	in, err := u.CheckInput(ctx, in)
	if err != nil {
		return User{}, false, err
	}
	hash := ""
	if in.Password != "" {
		hash = HashPassword(in.Password, u.Params)
	}
	return u.store.CreateUserIdem(ctx, User{Name: in.Name, Username: in.Username, Role: in.Role, District: in.District, CreatedAt: rl.Stamp(u.now())}, hash, idem)
}

// CheckInput returns the input as Create would store it (trimmed, the
// username lower-cased), or Create's Invalid error listing every field
// that is wrong.
func (u *Users) CheckInput(ctx context.Context, in UserInput) (UserInput, error) {
	var fe rl.Fields
	in.Name = strings.TrimSpace(in.Name)
	in.District = strings.TrimSpace(in.District)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		fe.Add("name", "is required, at most 200 characters")
	}
	if !in.Role.Valid() {
		fe.Add("role", "must be one of admin, fund_officer, approver, district_officer, auditor, supervisor")
	}
	switch {
	case in.Role == DistrictOfficer && in.District == "":
		fe.Add("district", "is required for a district_officer")
	case in.Role == DistrictOfficer && u.District != nil && !u.District(ctx, in.District):
		fe.Add("district", "no district with code %q", in.District)
	case in.Role != DistrictOfficer && in.District != "":
		fe.Add("district", "only a district_officer has a district")
	}
	if in.Username = NormalizeUsername(in.Username); in.Username != "" {
		if err := CheckUsername(in.Username); err != nil {
			fe = append(fe, err.(*rl.Error).Fields...)
		}
	}
	if in.Password != "" {
		if in.Username == "" {
			fe.Add("username", "is required to sign in with a password")
		}
		if err := CheckPasswordRule(in.Password, in.Username); err != nil {
			fe = append(fe, err.(*rl.Error).Fields...)
		}
	}
	return in, fe.Err()
}

// Get returns a user; NotFound if there is none.
func (u *Users) Get(ctx context.Context, id int64) (User, error) { return u.store.UserByID(ctx, id) }

// List lists users.
func (u *Users) List(ctx context.Context, afterID int64, limit int) ([]User, error) {
	return u.store.Users(ctx, afterID, limit)
}

// Tokens lists a user's tokens (never their secrets).
func (u *Users) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	if _, err := u.store.UserByID(ctx, userID); err != nil {
		return nil, err
	}
	return u.store.Tokens(ctx, userID)
}

// MaxTokenLife caps how far in the future a token may expire.
const MaxTokenLife = 5 * 365 * 24 * time.Hour

// CreateToken issues a token for a user and returns its secret, which is
// not stored and cannot be shown again: a replay of the same request
// returns the token without its secret. NotFound for an unknown user.
func (u *Users) CreateToken(ctx context.Context, userID int64, name string, expiresAt *time.Time, idem *rl.IdemRecord) (Token, string, bool, error) {
	user, err := u.store.UserByID(ctx, userID)
	if err != nil {
		return Token{}, "", false, err
	}
	var fe rl.Fields
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		fe.Add("name", "is required, at most 100 characters (e.g. the device or purpose)")
	}
	now := rl.Stamp(u.now())
	if expiresAt != nil && (!expiresAt.After(now) || expiresAt.Sub(now) > MaxTokenLife) {
		fe.Add("expires_at", "must be in the future and within %d days", int(MaxTokenLife.Hours()/24))
	}
	if user.DisabledAt != nil {
		fe.Add("user", "is disabled")
	}
	if err := fe.Err(); err != nil {
		return Token{}, "", false, err
	}
	secret := NewSecret()
	tok, replayed, err := u.store.CreateTokenIdem(ctx, Token{UserID: userID, Name: name, CreatedAt: now, ExpiresAt: expiresAt}, HashToken(secret), idem)
	if err != nil || replayed {
		return tok, "", replayed, err
	}
	return tok, secret, false, nil
}

// RevokeToken revokes a user's token at once in this process (other
// processes notice within the authentication cache's few seconds).
func (u *Users) RevokeToken(ctx context.Context, userID, tokenID int64) (Token, error) {
	tok, err := u.store.RevokeToken(ctx, userID, tokenID, rl.Stamp(u.now()))
	if err != nil {
		return Token{}, fmt.Errorf("revoke token %d: %w", tokenID, err)
	}
	if u.auth != nil {
		u.auth.Forget()
	}
	return tok, nil
}

// SetPassword sets a user's password, and username when given (required
// when the user has none yet), and signs the user out everywhere: a reset
// password ends every session opened with the old one. The password is
// hashed with argon2id and never stored or logged in clear. Invalid for a
// bad username or a password that breaks CheckPasswordRule; NotFound for an
// unknown user; Conflict when the username is taken.
func (u *Users) SetPassword(ctx context.Context, userID int64, username, password string) (User, error) {
	user, err := u.store.UserByID(ctx, userID)
	if err != nil {
		return User{}, err
	}
	username = NormalizeUsername(username)
	name := username
	if name == "" {
		name = user.Username
	}
	var fe rl.Fields
	if name == "" {
		fe.Add("username", "is required: the user has none yet")
	} else if err := CheckUsername(name); err != nil {
		fe = append(fe, err.(*rl.Error).Fields...)
	}
	if err := CheckPasswordRule(password, name); err != nil {
		fe = append(fe, err.(*rl.Error).Fields...)
	}
	if err := fe.Err(); err != nil {
		return User{}, err
	}
	out, err := u.store.SetPassword(ctx, userID, username, HashPassword(password, u.Params), rl.Stamp(u.now()))
	if err != nil {
		return User{}, fmt.Errorf("set password of user %d: %w", userID, err)
	}
	return out, nil
}

// ByUsername returns the user with a username; NotFound if there is none.
func (u *Users) ByUsername(ctx context.Context, username string) (User, error) {
	return u.store.UserByUsername(ctx, NormalizeUsername(username))
}

// UserUpdate changes a user; nil fields stay as they are.
type UserUpdate struct {
	Role *Role
	// District is the district of a district officer. When the role
	// changes away from district_officer and District is nil, the district
	// is cleared.
	District *string
	// Active false deactivates the user: they cannot sign in, their open
	// sessions end at once (they stay ended if the user is reactivated)
	// and their API tokens are refused while they are inactive. Active
	// true reactivates: the tokens that were not revoked work again.
	Active *bool
}

// UserChange is a user's new role, district and deactivation time as the
// store writes them.
type UserChange struct {
	Role       Role
	District   string
	DisabledAt *time.Time
}

// ErrLastAdmin is the answer to a change that would leave no active admin.
var ErrLastAdmin = rl.Errorf(rl.Conflict, "the last active admin cannot be deactivated or given another role: make another user admin first")

// Update changes a user's role, district or activity on behalf of the user
// byID. The district rule is Create's: a district officer has one
// district that exists, no other role has one. An admin cannot change
// their own role nor deactivate themselves (Invalid, on the field), and
// no change may leave the service without an active admin (Conflict).
// Updating to the current values changes nothing, so a repeated request
// is harmless. NotFound for an unknown user.
func (u *Users) Update(ctx context.Context, byID, id int64, in UserUpdate) (User, error) {
	cur, err := u.store.UserByID(ctx, id)
	if err != nil {
		return User{}, err
	}
	ch := UserChange{Role: cur.Role, District: cur.District, DisabledAt: cur.DisabledAt}
	var fe rl.Fields
	if in.Role != nil {
		switch {
		case !in.Role.Valid():
			fe.Add("role", "must be one of admin, fund_officer, approver, district_officer, auditor, supervisor")
		case id == byID && *in.Role != cur.Role:
			fe.Add("role", "you cannot change your own role: another admin can")
		default:
			ch.Role = *in.Role
		}
	}
	if in.District != nil {
		ch.District = strings.TrimSpace(*in.District)
	} else if ch.Role != DistrictOfficer {
		ch.District = ""
	}
	if in.Role == nil || in.Role.Valid() {
		switch {
		case ch.Role == DistrictOfficer && ch.District == "":
			fe.Add("district", "is required for a district_officer")
		case ch.Role == DistrictOfficer && ch.District != cur.District && u.District != nil && !u.District(ctx, ch.District):
			fe.Add("district", "no district with code %q", ch.District)
		case ch.Role != DistrictOfficer && ch.District != "":
			fe.Add("district", "only a district_officer has a district")
		}
	}
	now := rl.Stamp(u.now())
	if in.Active != nil {
		switch {
		case !*in.Active && id == byID:
			fe.Add("active", "you cannot deactivate yourself: another admin can")
		case !*in.Active && ch.DisabledAt == nil:
			ch.DisabledAt = &now
		case *in.Active:
			ch.DisabledAt = nil
		}
	}
	if err := fe.Err(); err != nil {
		return User{}, err
	}
	out, err := u.store.UpdateUser(ctx, id, ch, now)
	if err != nil {
		return User{}, fmt.Errorf("update user %d: %w", id, err)
	}
	if u.auth != nil {
		u.auth.Forget() // cached tokens carry the old role and activity
	}
	return out, nil
}

package access_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	rl "reliefledger"
	"reliefledger/access"
	"reliefledger/store"
	"reliefledger/store/storetest"
)

func role(r access.Role) *access.Role { return &r }
func flag(b bool) *bool               { return &b }

// TestUpdateUserLastAdmin: two admins who demote or deactivate each other
// at the same moment cannot both succeed; one active admin always remains.
func TestUpdateUserLastAdmin(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users, _, _ := newUsers(db)
		for round := 0; round < 5; round++ {
			a, _, err := users.Create(ctx, access.UserInput{Name: "A", Role: access.Admin}, nil)
			must(t, err)
			b, _, err := users.Create(ctx, access.UserInput{Name: "B", Role: access.Admin}, nil)
			must(t, err)
			// Every other admin of earlier rounds steps down first.
			list, err := users.List(ctx, 0, 500)
			must(t, err)
			for _, u := range list {
				if u.ID != a.ID && u.ID != b.ID && u.Role == access.Admin && u.DisabledAt == nil {
					_, err := users.Update(ctx, a.ID, u.ID, access.UserUpdate{Role: role(access.Auditor)})
					must(t, err)
				}
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			wg.Add(2)
			go func() {
				defer wg.Done()
				_, errs[0] = users.Update(ctx, a.ID, b.ID, access.UserUpdate{Role: role(access.Supervisor)})
			}()
			go func() {
				defer wg.Done()
				_, errs[1] = users.Update(ctx, b.ID, a.ID, access.UserUpdate{Active: flag(false)})
			}()
			wg.Wait()
			failed := 0
			for _, err := range errs {
				if err != nil {
					failed++
					if !errors.Is(err, access.ErrLastAdmin) {
						t.Errorf("round %d: %v, want ErrLastAdmin", round, err)
					}
				}
			}
			if failed != 1 {
				t.Fatalf("round %d: %d of the two changes failed, want 1 (%v)", round, failed, errs)
			}
			ga, _ := users.Get(ctx, a.ID)
			gb, _ := users.Get(ctx, b.ID)
			active := 0
			for _, u := range []access.User{ga, gb} {
				if u.Role == access.Admin && u.DisabledAt == nil {
					active++
				}
			}
			if active != 1 {
				t.Fatalf("round %d: %d active admins of the two: %+v %+v", round, active, ga, gb)
			}
		}
	})
}

// TestUpdateUserRules: the district rule of Create, oneself, nothing to
// change, an unknown user.
func TestUpdateUserRules(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		users, _, c := newUsers(db)
		admin, _, err := users.Create(ctx, access.UserInput{Name: "Admin", Role: access.Admin}, nil)
		must(t, err)
		u, _, err := users.Create(ctx, access.UserInput{Name: "Officer", Role: access.DistrictOfficer, District: "943"}, nil)
		must(t, err)
		_, err = users.Update(ctx, admin.ID, u.ID, access.UserUpdate{District: ptrTo("945")})
		wantFields(t, err, []rl.FieldError{{Field: "district", Message: `no district with code "945"`}})
		_, err = users.Update(ctx, admin.ID, admin.ID, access.UserUpdate{Role: role(access.Auditor), Active: flag(false)})
		wantFields(t, err, []rl.FieldError{{Field: "role", Message: "you cannot change your own role: another admin can"},
			{Field: "active", Message: "you cannot deactivate yourself: another admin can"}})
		same, err := users.Update(ctx, admin.ID, u.ID, access.UserUpdate{})
		if err != nil || same.Role != access.DistrictOfficer || same.District != "943" || same.DisabledAt != nil {
			t.Errorf("an empty update: %+v %v", same, err)
		}
		off, err := users.Update(ctx, admin.ID, u.ID, access.UserUpdate{Active: flag(false)})
		must(t, err)
		c.advance(3600e9)
		again, err := users.Update(ctx, admin.ID, u.ID, access.UserUpdate{Active: flag(false)})
		must(t, err)
		if off.DisabledAt == nil || !again.DisabledAt.Equal(*off.DisabledAt) {
			t.Errorf("deactivating again moved the time: %v then %v", off.DisabledAt, again.DisabledAt)
		}
		moved, err := users.Update(ctx, admin.ID, u.ID, access.UserUpdate{Role: role(access.Approver)})
		if err != nil || moved.District != "" || moved.Role != access.Approver {
			t.Errorf("leaving district_officer: %+v %v", moved, err)
		}
		if _, err := users.Update(ctx, admin.ID, 424242, access.UserUpdate{}); rl.ErrorKind(err) != rl.NotFound {
			t.Errorf("an unknown user: %v", err)
		}
	})
}

func ptrTo(s string) *string { return &s }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package households

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	rl "reliefledger"
)

// Change is one recorded change of a household.
type Change struct {
	HouseholdID int64
	Version     int
	At          time.Time
	By          int64
	Reason      string
	Fields      map[string][2]string // field → [from, to]
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
	h.UpdatedAt = rl.Stamp(s.now())
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

// ChangesSince returns the changes of every household made at or after
// since, by household then version (the whole history for a zero since).
func (s *Service) ChangesSince(ctx context.Context, since time.Time) ([]Change, error) {
	return s.store.ChangesSince(ctx, since)
}

// AsOf returns h as the registry had it before the changes that undo
// reports true, given h's changes (any order; others' are ignored):
// status, category and members are put back to what those changes found.
func AsOf(h Household, changes []Change, undo func(Change) bool) Household {
	mine := make([]Change, 0, len(changes))
	for _, c := range changes {
		if c.HouseholdID == h.ID && undo(c) {
			mine = append(mine, c)
		}
	}
	slices.SortFunc(mine, func(a, b Change) int { return b.Version - a.Version }) // newest first
	for _, c := range mine {
		if v, ok := c.Fields["status"]; ok {
			h.Status = Status(v[0])
		}
		if v, ok := c.Fields["category"]; ok {
			h.Category = Category(v[0])
		}
		if v, ok := c.Fields["members"]; ok {
			if n, err := strconv.Atoi(v[0]); err == nil {
				h.Members = n
			}
		}
	}
	return h
}

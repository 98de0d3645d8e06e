// Package households keeps the registry of poor and near-poor households:
// administrative units (as data, with validity dates and the mapping from
// old units to new ones), households with their history, import from the
// files communes keep, and masking of sensitive fields. It has no database
// or HTTP code; the synthetic demo registry lives in package demo.
package households

import "time"

// Category is the poverty classification of a household.
type Category string

// The categories.
const (
	Poor     Category = "poor"      // hộ nghèo
	NearPoor Category = "near_poor" // hộ cận nghèo
)

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return c == Poor || c == NearPoor }

// Status is where a household stands in the registry.
type Status string

// The statuses.
const (
	Active    Status = "active"    // on the list
	Graduated Status = "graduated" // thoát nghèo: left poverty
	Moved     Status = "moved"     // moved away
	Dissolved Status = "dissolved" // no longer exists (e.g. the last member died)
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == Active || s == Graduated || s == Moved || s == Dissolved }

// Flags a household may carry.
const (
	FlagR68            = "r68"             // covered by Resolution 68/NQ-CP
	FlagElderlyHead    = "elderly_head"    // head aged 60 or more
	FlagDisability     = "disability"      // a member with a disability
	FlagEthnicMinority = "ethnic_minority" // e.g. Khmer, Hoa
	FlagFemaleHead     = "female_head"
	FlagChildren       = "young_children" // a child under 6
)

// KnownFlags lists the flags in display order.
var KnownFlags = []string{FlagR68, FlagElderlyHead, FlagDisability, FlagEthnicMinority, FlagFemaleHead, FlagChildren}

// Household is one registered household.
type Household struct {
	ID         int64
	Code       string // mã hộ, unique
	HeadName   string
	NationalID string // sensitive: shown in full only to roles that need it
	Phone      string // sensitive
	Commune    string // commune code
	District   string // district code (2021 units), derived from the commune
	Hamlet     string // ấp, khóm
	Category   Category
	Members    int
	Flags      []string
	Status     Status
	Synthetic  bool // demo data
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/rules"
)

// Campaigns implements rules.Store.
type Campaigns struct{ db *DB }

var _ rules.Store = (*Campaigns)(nil)

// Campaigns returns the campaigns store of db.
func (db *DB) Campaigns() *Campaigns { return &Campaigns{db: db} }

// CreateCampaign implements rules.Store.
func (s *Campaigns) CreateCampaign(ctx context.Context, c rules.Campaign, idem *rl.IdemRecord) (rules.Campaign, bool, error) {
	out := c
	replayed, err := s.db.idempotent(ctx, idem, func(tx *Tx) (string, error) {
		if _, err := tx.one(`INSERT INTO campaigns (code, fund_id, name, mobilise_from, mobilise_to, rule_set, target_amount, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, []any{c.Code, c.FundID, c.Name, c.From, c.To, c.RuleSet, nullDec(c.Target),
			c.CreatedAt, c.CreatedBy}, &out.ID); err != nil {
			if isUnique(err) {
				return "", rl.CodedErrorf(rl.Conflict, "duplicate", "a campaign with code %s exists already", c.Code)
			}
			return "", fmt.Errorf("insert campaign %s: %w", c.Code, err)
		}
		return "campaign:" + strconv.FormatInt(out.ID, 10), nil
	}, func(ref string) error {
		id, _ := strconv.ParseInt(strings.TrimPrefix(ref, "campaign:"), 10, 64)
		var err error
		out, err = s.Campaign(ctx, id)
		return err
	})
	return out, replayed, err
}

const campaignSelect = `SELECT c.id, c.code, c.fund_id, f.code, c.name, c.mobilise_from, c.mobilise_to, c.rule_set, c.target_amount,
	c.created_at, c.created_by FROM campaigns c JOIN funds f ON f.id = c.fund_id`

func (s *Campaigns) read(ctx context.Context, tail string, args ...any) ([]rules.Campaign, error) {
	var out []rules.Campaign
	err := s.db.read.each(ctx, campaignSelect+" "+tail, args, func(scan func(...any) error) error {
		var c rules.Campaign
		if err := scan(&c.ID, &c.Code, &c.FundID, &c.FundCode, &c.Name, &c.From, &c.To, &c.RuleSet, &c.Target, &c.CreatedAt, &c.CreatedBy); err != nil {
			return err
		}
		c.CreatedAt = c.CreatedAt.UTC()
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read campaigns: %w", err)
	}
	return out, nil
}

func (s *Campaigns) one(ctx context.Context, where string, arg any) (rules.Campaign, error) {
	cs, err := s.read(ctx, "WHERE "+where, arg)
	if err != nil {
		return rules.Campaign{}, err
	}
	if len(cs) == 0 {
		return rules.Campaign{}, rl.Errorf(rl.NotFound, "no campaign %v", arg)
	}
	return cs[0], nil
}

// Campaign implements rules.Store.
func (s *Campaigns) Campaign(ctx context.Context, id int64) (rules.Campaign, error) {
	return s.one(ctx, "c.id = ?", id)
}

// CampaignByCode implements rules.Store.
func (s *Campaigns) CampaignByCode(ctx context.Context, code string) (rules.Campaign, error) {
	return s.one(ctx, "c.code = ?", code)
}

// Campaigns implements rules.Store.
func (s *Campaigns) Campaigns(ctx context.Context, fundID, afterID int64, limit int) ([]rules.Campaign, error) {
	where, args := "WHERE c.id > ?", []any{afterID}
	if fundID != 0 {
		where, args = where+" AND c.fund_id = ?", append(args, fundID)
	}
	if limit <= 0 {
		limit = 1000
	}
	return s.read(ctx, where+" ORDER BY c.id LIMIT "+strconv.Itoa(limit), args...)
}

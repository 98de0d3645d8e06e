package ledger

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	rl "reliefledger"
)

// Goods are valued at the moving weighted average cost of the stock account
// they leave: an account holding Q units worth V đồng issues q units at
//
//	value = round(V × q / Q) to the đồng, half away from zero,
//	value = V when q = Q (the last units take what is left, exactly),
//
// computed in decimal under the journal lock from the locked balances, so
// concurrent issues see each other and a warehouse emptied by any sequence
// of issues holds 0 units and 0 đồng. Receipts change the average; issues
// do not (beyond the rounding of one đồng). The value that leaves is the
// value that arrives: the receiving posting gets exactly the negation.

// StockCode is the code of the stock account of an item in a warehouse
// (1150 goods, by warehouse and item): "1150.PROV.RICE".
func StockCode(warehouse, item string) string { return "1150." + warehouse + "." + item }

// RestrictedSuffix is the ".R.slug" ending of a designated account's code
// ("1120.R.d-943" → ".R.d-943"); accounts that receive designated money or
// goods carry the same ending.
func RestrictedSuffix(code string) string {
	if i := strings.Index(code, ".R."); i >= 0 {
		return code[i:]
	}
	return ""
}

// StockPrefix is the code prefix every stock account shares.
const StockPrefix = "1150."

// CheckUnit refuses a unit that is not the item's own (boxes for an item
// kept in kg). An empty unit means the item's.
func CheckUnit(it Item, unit string) error {
	if unit == "" || strings.EqualFold(strings.TrimSpace(unit), it.Unit) {
		return nil
	}
	return fmt.Errorf("item %s is counted in %q, not %q", it.Code, it.Unit, unit)
}

// checkCostPairs validates the postings valued at cost: each AtCost line
// takes goods out of a non-negative asset account, and exactly one line
// receives its value, with the same item and the opposite quantity.
func checkCostPairs(ps []Posting, accounts map[int64]Account, fe *rl.Fields) {
	receivers := map[int]int{}
	for i, p := range ps {
		field := fmt.Sprintf("postings[%d]", i)
		if p.AtCost {
			if p.CostOf != 0 {
				fe.Add(field+".cost_of", "a line valued at cost cannot also receive a cost")
			}
			if a := accounts[p.AccountID]; a.Type != Asset || !a.NonNegative {
				fe.Add(field+".account_id", "only goods in a stock account can leave at cost; %s:%s is not one", a.FundCode, a.Code)
			}
			if !p.Quantity.IsNegative() {
				fe.Add(field+".quantity", "must be negative: goods valued at cost leave the account")
			}
		}
		if p.CostOf == 0 {
			continue
		}
		src := p.CostOf - 1
		if src < 0 || src >= len(ps) || !ps[src].AtCost {
			fe.Add(field+".cost_of", "must name a line valued at cost")
			continue
		}
		if ps[src].Item != p.Item || !ps[src].Quantity.Neg().Equal(p.Quantity) {
			fe.Add(field+".quantity", "must receive the same item and quantity as line %d", p.CostOf)
		}
		if accounts[ps[src].AccountID].FundID != accounts[p.AccountID].FundID {
			fe.Add(field+".account_id", "must be in the same fund as line %d: a value at cost cannot cross funds", p.CostOf)
		}
		receivers[src]++
	}
	for i, p := range ps {
		if p.AtCost && receivers[i] != 1 {
			fe.Add(fmt.Sprintf("postings[%d]", i), "a line valued at cost needs exactly one line receiving its value")
		}
	}
}

// valueAtCost fills the amounts of the entry's at-cost pairs from working,
// the balances as they stand under the lock before this entry. A line that
// takes more than the account holds keeps a zero value; the non-negative
// check then refuses the entry for its quantity.
func valueAtCost(e Entry, working map[BalanceKey]decimal.Decimal) Entry {
	var has bool
	for _, p := range e.Postings {
		has = has || p.AtCost
	}
	if !has {
		return e
	}
	ps := make([]Posting, len(e.Postings))
	copy(ps, e.Postings)
	local := map[BalanceKey]decimal.Decimal{}
	bal := func(k BalanceKey) decimal.Decimal {
		if v, ok := local[k]; ok {
			return v
		}
		return working[k]
	}
	for i, p := range ps {
		if !p.AtCost {
			continue
		}
		vk, qk := BalanceKey{p.AccountID, AssetVND}, BalanceKey{p.AccountID, p.Item}
		have, value := bal(qk), bal(vk)
		take := p.Quantity.Neg()
		var out decimal.Decimal
		switch {
		case !have.IsPositive() || take.GreaterThan(have):
			continue
		case take.Equal(have):
			out = value
		default:
			out = roundedShare(value, take, have)
		}
		ps[i].Amount = out.Neg()
		local[qk] = have.Sub(take)
		local[vk] = value.Sub(out)
	}
	for i, p := range ps {
		if p.CostOf != 0 {
			ps[i].Amount = ps[p.CostOf-1].Amount.Neg()
		}
	}
	for i := range ps {
		ps[i].AtCost, ps[i].CostOf = false, 0
	}
	e.Postings = ps
	return e
}

// roundedShare is round(v × q / total) to the đồng, half away from zero,
// computed exactly: the quotient is truncated and the remainder decides.
func roundedShare(v, q, total decimal.Decimal) decimal.Decimal {
	quo, rem := v.Mul(q).QuoRem(total, VNDScale)
	if rem.Abs().Mul(decimal.NewFromInt(2)).GreaterThanOrEqual(total.Abs()) {
		if rem.Sign()*total.Sign() < 0 {
			return quo.Sub(decimal.NewFromInt(1))
		}
		return quo.Add(decimal.NewFromInt(1))
	}
	return quo
}

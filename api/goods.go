package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/ledger"
)

type itemCreateJSON struct {
	Code     string `json:"code" jsonschema_description:"e.g. RICE"`
	NameVI   string `json:"name_vi"`
	NameEN   string `json:"name_en,omitempty"`
	Unit     string `json:"unit" jsonschema_description:"e.g. kg, thùng, hộp"`
	Decimals int32  `json:"decimals,omitempty" jsonschema_description:"decimals the unit allows, 0–6 (kg 3, boxes 0)"`
}

func itemOut(it ledger.Item) itemJSON {
	return itemJSON{Code: it.Code, NameVI: it.NameVI, NameEN: it.NameEN, Unit: it.Unit, Scale: it.Scale}
}

func (s *Server) createItem(c *gin.Context) {
	var req itemCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	it, replayed, err := s.Ledger.CreateItem(c.Request.Context(), actor(c),
		ledger.ItemInput{Code: req.Code, NameVI: req.NameVI, NameEN: req.NameEN, Unit: req.Unit, Scale: req.Decimals})
	if err != nil {
		s.fail(c, err)
		return
	}
	setTargetCode(c, "item", it.Code)
	created(c, replayed, itemOut(it))
}

type warehouseJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	District  string `json:"district,omitempty" jsonschema_description:"district code; absent for the province's"`
	CreatedAt string `json:"created_at" jsonschema:"format=date-time"`
}

type warehouseCreateJSON struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	District string `json:"district,omitempty" jsonschema_description:"district code; absent for the province's"`
}

func warehouseOut(w goods.Warehouse) warehouseJSON {
	return warehouseJSON{Code: w.Code, Name: w.Name, District: w.District, CreatedAt: timestamp(w.CreatedAt)}
}

func (s *Server) listWarehouses(c *gin.Context) {
	ws, err := s.Goods.Warehouses(c.Request.Context())
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[warehouseJSON]{Data: []warehouseJSON{}}
	for _, w := range ws {
		out.Data = append(out.Data, warehouseOut(w))
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) createWarehouse(c *gin.Context) {
	var req warehouseCreateJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	w, replayed, err := s.Goods.CreateWarehouse(c.Request.Context(), actor(c), goods.Warehouse{Code: req.Code, Name: req.Name, District: req.District})
	if err != nil {
		s.fail(c, err)
		return
	}
	setTargetCode(c, "warehouse", w.Code)
	created(c, replayed, warehouseOut(w))
}

type levelJSON struct {
	Quantity string `json:"quantity" jsonschema:"format=decimal" jsonschema_description:"in the item's unit"`
	Value    string `json:"value" jsonschema:"format=decimal" jsonschema_description:"đồng"`
}

func levelOut(l goods.Level) levelJSON {
	return levelJSON{Quantity: l.Quantity.String(), Value: l.Value.String()}
}

type stockJSON struct {
	AccountID   int64  `json:"account_id" jsonschema_description:"the stock account"`
	Fund        string `json:"fund"`
	Warehouse   string `json:"warehouse"`
	District    string `json:"district,omitempty"`
	Item        string `json:"item"`
	Designation string `json:"designation,omitempty" jsonschema_description:"earmarked goods"`
	Quantity    string `json:"quantity" jsonschema:"format=decimal" jsonschema_description:"in the item's unit"`
	Value       string `json:"value" jsonschema:"format=decimal" jsonschema_description:"đồng"`
	UnitCost    string `json:"unit_cost" jsonschema:"format=decimal" jsonschema_description:"moving average, đồng per unit: value ÷ quantity rounded to the đồng, so unit_cost × quantity may differ from value by the rounding"`
}

func stockOut(r goods.StockRow) stockJSON {
	return stockJSON{AccountID: r.AccountID, Fund: r.Fund, Warehouse: r.Warehouse, District: r.District, Item: r.Item,
		Designation: r.Designation, Quantity: r.Quantity.String(), Value: r.Value.String(), UnitCost: r.UnitCost().String()}
}

// stockFilter reads the stock filters; a district officer sees the
// warehouses of their district only.
func stockFilter(c *gin.Context) goods.StockFilter {
	return goods.StockFilter{Fund: c.Query("fund"), Warehouse: c.Query("warehouse"), Item: c.Query("item"), District: districtScope(c)}
}

func (s *Server) getStock(c *gin.Context) {
	var fe rl.Fields
	asOf := queryDate(c, "as_of", &fe)
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.Goods.Stock(c.Request.Context(), stockFilter(c), asOf)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := listJSON[stockJSON]{Data: []stockJSON{}}
	for _, r := range rows {
		out.Data = append(out.Data, stockOut(r))
	}
	c.JSON(http.StatusOK, out)
}

type cardLineJSON struct {
	EntryID     int64     `json:"entry_id"`
	Date        string    `json:"date" jsonschema:"format=date"`
	Kind        string    `json:"kind"`
	Description string    `json:"description"`
	In          levelJSON `json:"in"`
	Out         levelJSON `json:"out"`
	Balance     levelJSON `json:"balance"`
}

type cardListJSON struct {
	Data      []cardJSON `json:"data"`
	Valuation string     `json:"valuation" jsonschema_description:"how the goods are valued and in which order: the lines are in that order"`
}

type cardJSON struct {
	stockJSON
	Opening  levelJSON      `json:"opening"`
	In       levelJSON      `json:"in"`
	Out      levelJSON      `json:"out"`
	Closing  levelJSON      `json:"closing"`
	Balanced bool           `json:"balanced" jsonschema_description:"opening + in − out equals the ledger's closing balance"`
	Lines    []cardLineJSON `json:"lines,omitempty" jsonschema_description:"with ?lines=true: every movement with the balance after it"`
}

func (s *Server) stockMovements(c *gin.Context) {
	var fe rl.Fields
	from, to := queryDate(c, "from", &fe), queryDate(c, "to", &fe)
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		fe.Add("to", "must not be before from")
	}
	if err := fe.Err(); err != nil {
		s.fail(c, err)
		return
	}
	cards, err := s.Goods.Movements(c.Request.Context(), stockFilter(c), from, to, c.Query("lines") == "true")
	if err != nil {
		s.fail(c, err)
		return
	}
	out := cardListJSON{Data: []cardJSON{}, Valuation: goods.Valuation["en"]}
	for _, cd := range cards {
		cj := cardJSON{stockJSON: stockOut(cd.StockRow), Opening: levelOut(cd.Opening), In: levelOut(cd.In), Out: levelOut(cd.Out),
			Closing: levelOut(cd.Closing), Balanced: cd.Balanced()}
		for _, l := range cd.Lines {
			cj.Lines = append(cj.Lines, cardLineJSON{EntryID: l.EntryID, Date: l.Date.String(), Kind: string(l.Kind), Description: l.Description,
				In: levelOut(l.In), Out: levelOut(l.Out), Balance: levelOut(l.Balance)})
		}
		out.Data = append(out.Data, cj)
	}
	c.JSON(http.StatusOK, out)
}

type stockTransferJSON struct {
	Fund        string `json:"fund"`
	From        string `json:"from" jsonschema_description:"warehouse code"`
	To          string `json:"to" jsonschema_description:"warehouse code"`
	Item        string `json:"item"`
	Quantity    string `json:"quantity" jsonschema:"format=decimal" jsonschema_description:"in the item's unit"`
	Unit        string `json:"unit,omitempty" jsonschema_description:"optional; must be the item's"`
	Designation string `json:"designation,omitempty" jsonschema_description:"earmarked goods only"`
	Date        string `json:"date,omitempty" jsonschema:"format=date" jsonschema_description:"today when absent"`
	Note        string `json:"note,omitempty"`
}

func (s *Server) createTransfer(c *gin.Context) {
	var req stockTransferJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var p parser
	in := goods.TransferInput{Fund: req.Fund, From: req.From, To: req.To, Item: req.Item, Quantity: p.required("quantity", req.Quantity, "the item's unit"),
		Unit: req.Unit, Designation: req.Designation, Date: p.date("date", req.Date), Note: req.Note}
	if err := p.err(); err != nil {
		s.fail(c, err)
		return
	}
	e, replayed, err := s.Goods.Transfer(c.Request.Context(), actor(c), districtScope(c), in)
	s.answerEntry(c, e, replayed, err)
}

type stockIssueJSON struct {
	Fund        string `json:"fund"`
	Warehouse   string `json:"warehouse"`
	Item        string `json:"item"`
	Quantity    string `json:"quantity" jsonschema:"format=decimal" jsonschema_description:"in the item's unit"`
	Unit        string `json:"unit,omitempty" jsonschema_description:"optional; must be the item's"`
	Designation string `json:"designation,omitempty" jsonschema_description:"earmarked goods only"`
	Date        string `json:"date,omitempty" jsonschema:"format=date" jsonschema_description:"today when absent"`
	Recipient   string `json:"recipient" jsonschema_description:"checkpoint, quarantine site, relief trip"`
	Purpose     string `json:"purpose,omitempty"`
}

func (s *Server) createIssue(c *gin.Context) {
	var req stockIssueJSON
	if err := decode(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	var p parser
	in := goods.IssueInput{Fund: req.Fund, Warehouse: req.Warehouse, Item: req.Item, Quantity: p.required("quantity", req.Quantity, "the item's unit"),
		Unit: req.Unit, Designation: req.Designation, Date: p.date("date", req.Date), Recipient: req.Recipient, Purpose: req.Purpose}
	if err := p.err(); err != nil {
		s.fail(c, err)
		return
	}
	e, replayed, err := s.Goods.Issue(c.Request.Context(), actor(c), districtScope(c), in)
	s.answerEntry(c, e, replayed, err)
}

func (s *Server) answerEntry(c *gin.Context, e ledger.Entry, replayed bool, err error) {
	if err != nil {
		s.fail(c, err)
		return
	}
	setTarget(c, "entry", e.ID)
	created(c, replayed, s.entryOut(c.Request.Context(), e))
}

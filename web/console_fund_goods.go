package web

import (
	"net/http"
	"strconv"
	"strings"

	rl "reliefledger"
	"reliefledger/goods"
	"reliefledger/ledger"
)

// Items and warehouses: the lists, and the forms that add one, through
// the same service calls as POST /api/v1/items (ledger.Service.CreateItem)
// and POST /api/v1/warehouses (goods.Service.CreateWarehouse, admins only).

const (
	routeItems           = "GET /api/v1/items"
	routeCreateItem      = "POST /api/v1/items"
	routeCreateWarehouse = "POST /api/v1/warehouses"
)

type itemForm struct{ Code, NameVI, NameEN, Unit, Decimals string }
type warehouseForm struct{ Code, Name, District string }

type goodsPage struct {
	consoleFrame
	CSRF                   string
	ItemIdem, WhIdem       string
	MayItem, MayWarehouse  bool
	Items                  []ledger.Item
	Warehouses             []goods.Warehouse
	Districts              []fundDistrictOption
	DistrictNames          map[string]string
	Item                   itemForm
	Warehouse              warehouseForm
	ItemErrs, WhErrs       formErrors
	AddedItem, AddedWhouse string
}

func (s *Server) fillGoods(r *http.Request, u consoleUser, page *goodsPage) error {
	var err error
	if page.Items, err = s.Ledger.Items(r.Context()); err != nil {
		return err
	}
	if page.Warehouses, err = s.Goods.Warehouses(r.Context()); err != nil {
		return err
	}
	page.Districts = s.fundDistricts()
	page.DistrictNames = map[string]string{}
	for _, d := range page.Districts {
		page.DistrictNames[d.Code] = d.Name
	}
	page.CSRF, page.MayItem, page.MayWarehouse = u.CSRF, u.may[routeCreateItem], u.may[routeCreateWarehouse]
	if page.ItemIdem == "" {
		page.ItemIdem = newFormKey()
	}
	if page.WhIdem == "" {
		page.WhIdem = newFormKey()
	}
	return nil
}

func (s *Server) consoleGoods(w http.ResponseWriter, r *http.Request) {
	u, ok := s.console(w, r, routeItems)
	if !ok {
		return
	}
	q := r.URL.Query()
	page := goodsPage{consoleFrame: s.frame(u), AddedItem: q.Get("item_added"), AddedWhouse: q.Get("warehouse_added"), Item: itemForm{Decimals: "0"}}
	if err := s.fillGoods(r, u, &page); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "console_fund_goods", page)
}

// consoleAddGoods adds an item (warehouse false) or a warehouse.
func (s *Server) consoleAddGoods(warehouse bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		route, path := routeCreateItem, "/console/goods/items"
		if warehouse {
			route, path = routeCreateWarehouse, "/console/goods/warehouses"
		}
		u, ok := s.consoleWrite(w, r, route, 0)
		if !ok {
			return
		}
		v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
		page := goodsPage{consoleFrame: s.frame(u), Item: itemForm{Decimals: "0"}}
		if warehouse {
			page.Warehouse, page.WhIdem = warehouseForm{Code: v("code"), Name: v("name"), District: v("district")}, r.PostFormValue(idemField)
		} else {
			page.Item, page.ItemIdem = itemForm{Code: v("code"), NameVI: v("name_vi"), NameEN: v("name_en"), Unit: v("unit"), Decimals: v("decimals")}, r.PostFormValue(idemField)
		}
		refuse := func(err error) {
			errs, ok := errorsOf(err)
			if !ok {
				s.serverError(w, r, err)
				return
			}
			errs = s.translateErrors(lang(r), errs)
			if m, ok := errs.Fields["scale"]; ok && !warehouse {
				errs.Fields["decimals"] = m // the form's name of the domain's scale
				delete(errs.Fields, "scale")
			}
			if warehouse {
				page.WhErrs = errs
			} else {
				page.ItemErrs = errs
			}
			if err := s.fillGoods(r, u, &page); err != nil {
				s.serverError(w, r, err)
				return
			}
			s.render(w, r, statusOf(err), "console_fund_goods", page)
		}
		a, err := formActor(u, r)
		if err != nil {
			refuse(err)
			return
		}
		ctx, audited := s.inAudit(r, u, path, "", http.StatusCreated)
		var added string
		if warehouse {
			wh, _, err := s.Goods.CreateWarehouse(ctx, a, goods.Warehouse{Code: page.Warehouse.Code, Name: page.Warehouse.Name, District: page.Warehouse.District})
			if err != nil {
				refuse(err)
				return
			}
			added = "warehouse_added=" + urlQueryEscape(wh.Code)
		} else {
			dec, err := strconv.ParseInt(page.Item.Decimals, 10, 32)
			if page.Item.Decimals == "" {
				dec, err = 0, nil
			}
			if err != nil {
				refuse(rl.InvalidFields(rl.FieldError{Field: "decimals", Message: "must be a whole number from 0 to 6"}))
				return
			}
			it, _, err := s.Ledger.CreateItem(ctx, a, ledger.ItemInput{Code: page.Item.Code, NameVI: page.Item.NameVI, NameEN: page.Item.NameEN,
				Unit: page.Item.Unit, Scale: int32(dec)})
			if err != nil {
				refuse(err)
				return
			}
			added = "item_added=" + urlQueryEscape(it.Code)
		}
		if err := audited(); err != nil {
			s.serverError(w, r, err)
			return
		}
		http.Redirect(w, r, "/console/goods?"+added, http.StatusSeeOther)
	}
}

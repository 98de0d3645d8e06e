package api

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
)

// The OpenAPI 3.1 description is built from the route table, so a route
// cannot exist without being described; a test checks both directions.

type obj = map[string]any

func str(desc string) obj     { return obj{"type": "string", "description": desc} }
func integer(desc string) obj { return obj{"type": "integer", "description": desc} }
func decimalStr(desc string) obj {
	return obj{"type": "string", "pattern": `^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`, "description": desc + " (a decimal string)"}
}
func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }
func object(required []string, props obj) obj {
	o := obj{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}
func list(item string) obj {
	return object([]string{"data"}, obj{"data": obj{"type": "array", "items": ref(item)},
		"next_cursor": str("cursor of the next page; absent on the last page")})
}

var schemas = obj{
	"Problem": obj{"type": "object", "description": "RFC 9457 problem details", "required": []string{"type", "title", "status", "detail"},
		"properties": obj{"type": str("urn:reliefledger:problem:<code> or about:blank"), "title": str(""), "status": integer(""), "detail": str(""),
			"instance": str("the request path"), "request_id": str("quote it when reporting a problem"),
			"errors": obj{"type": "array", "items": object([]string{"field", "message"}, obj{"field": str(""), "message": str("")})}}},
	"Fund": object([]string{"id", "code", "name_vi", "name_en", "created_at"}, obj{"id": integer(""), "code": str("e.g. POOR"),
		"name_vi": str(""), "name_en": str(""), "created_at": str("RFC 3339"),
		"balances": obj{"type": "object", "description": "stored đồng balances by account type, each on its normal side",
			"additionalProperties": decimalStr("đồng")},
		"restricted": obj{"type": "object", "description": "đồng held in assets designated by donors, per designation (the rest is unrestricted)",
			"additionalProperties": decimalStr("đồng")}}),
	"FundList":   list("Fund"),
	"FundCreate": object([]string{"code", "name_vi"}, obj{"code": str("2–20 capitals, digits or _"), "name_vi": str(""), "name_en": str("")}),
	"Dimensions": object(nil, obj{"district": str(""), "warehouse": str(""), "item": str(""), "designation": str("")}),
	"Account": object([]string{"id", "fund", "code", "ref", "name", "type", "non_negative", "dimensions", "created_at"}, obj{
		"id": integer(""), "fund": str("fund code"), "code": str("account code within the fund"), "ref": str("FUND:CODE"),
		"name": str(""), "type": accountType, "non_negative": obj{"type": "boolean", "description": "balances may never go below zero"},
		"dimensions": ref("Dimensions"), "created_at": str("RFC 3339")}),
	"AccountList": list("Account"),
	"AccountCreate": object([]string{"fund", "code", "name", "type"}, obj{"fund": str("fund code"), "code": str(""), "name": str(""),
		"type": accountType, "non_negative": obj{"type": "boolean", "description": "default: true for assets"}, "dimensions": ref("Dimensions")}),
	"AccountBalance": object([]string{"account", "balances"}, obj{"account": ref("Account"), "as_of": str("YYYY-MM-DD when recomputed"),
		"balances": obj{"type": "array", "items": object([]string{"asset", "amount"}, obj{
			"asset": str("VND, or an item code for quantities"), "amount": decimalStr("debit-positive balance")})}}),
	"PostingCreate": object([]string{"amount"}, obj{"account_id": integer("the account, or"), "account": str("the account as FUND:CODE"),
		"amount": decimalStr("đồng; positive debits, negative credits"), "item": str("item code, for goods"), "quantity": decimalStr("quantity of the item, signed like amount")}),
	"EntryCreate": object([]string{"description", "postings"}, obj{"date": str("YYYY-MM-DD; today when absent"),
		"kind": obj{"type": "string", "enum": []string{"opening", "adjustment", "transfer"}}, "description": str(""),
		"source": ref("Source"), "postings": obj{"type": "array", "minItems": 2, "maxItems": 1000, "items": ref("PostingCreate")}}),
	"Source": object(nil, obj{"type": str("kind of source document"), "id": str("its identifier")}),
	"Posting": object([]string{"line", "account_id", "account", "amount"}, obj{"line": integer(""), "account_id": integer(""),
		"account": str("FUND:CODE"), "amount": decimalStr("đồng"), "item": str(""), "quantity": decimalStr("")}),
	"Entry": object([]string{"id", "date", "kind", "description", "created_by", "created_at", "prev_hash", "hash", "postings"}, obj{
		"id": integer("place in the journal"), "date": str("YYYY-MM-DD"), "kind": str(""), "description": str(""), "source": ref("Source"),
		"reverses_id": integer("the entry this one reverses"), "created_by": integer("user id"), "created_at": str("RFC 3339"),
		"prev_hash": str("hash of the previous entry"), "hash": str("SHA-256 of this entry's canonical content and prev_hash"),
		"postings": obj{"type": "array", "items": ref("Posting")}}),
	"EntryList":      list("Entry"),
	"ReverseRequest": object([]string{"reason"}, obj{"reason": str("why the entry is reversed")}),
	"TrialBalance": object([]string{"fund", "as_of", "rows", "total_debit", "total_credit", "balanced"}, obj{
		"fund": str(""), "as_of": str("YYYY-MM-DD"), "total_debit": decimalStr("đồng"), "total_credit": decimalStr("đồng"),
		"balanced": obj{"type": "boolean"}, "rows": obj{"type": "array", "items": object(nil, obj{"account_id": integer(""),
			"account": str("FUND:CODE"), "name": str(""), "type": accountType, "debit": decimalStr("đồng"), "credit": decimalStr("đồng")})}}),
	"VerifyReport": object([]string{"ok", "entries", "postings", "balances", "head", "problems"}, obj{
		"ok": obj{"type": "boolean"}, "entries": integer(""), "postings": integer(""), "balances": integer("stored balance rows"),
		"head": object(nil, obj{"last_id": integer(""), "last_hash": str("")}),
		"problems": obj{"type": "array", "items": object([]string{"kind", "detail"}, obj{
			"kind":     obj{"type": "string", "enum": []string{"chain", "hash", "unbalanced", "balance", "head"}},
			"entry_id": integer(""), "account_id": integer(""), "asset": str(""), "stored": str(""), "computed": str(""), "detail": str("")})}}),
	"Item": object([]string{"code", "name_vi", "name_en", "unit", "decimals"}, obj{"code": str(""), "name_vi": str(""), "name_en": str(""),
		"unit": str(""), "decimals": integer("decimals the unit allows")}),
	"ItemList": list("Item"),
	"ItemCreate": object([]string{"code", "name_vi", "unit"}, obj{"code": str("e.g. RICE"), "name_vi": str(""), "name_en": str(""),
		"unit": str("e.g. kg, thùng, hộp"), "decimals": integer("decimals the unit allows, 0–6 (kg 3, boxes 0)")}),
	"Warehouse": object([]string{"code", "name"}, obj{"code": str(""), "name": str(""), "district": str("district code; absent for the province's"),
		"created_at": str("RFC 3339")}),
	"WarehouseList": list("Warehouse"),
	"Stock": object([]string{"account_id", "fund", "warehouse", "item", "quantity", "value", "unit_cost"}, obj{"account_id": integer("the stock account"),
		"fund": str(""), "warehouse": str(""), "district": str(""), "item": str(""), "designation": str("earmarked goods"),
		"quantity": decimalStr("in the item's unit"), "value": decimalStr("đồng"), "unit_cost": decimalStr("moving average, đồng per unit")}),
	"StockList":     list("Stock"),
	"StockCardList": list("StockCard"),
	"StockTransfer": object([]string{"fund", "from", "to", "item", "quantity"}, obj{"fund": str(""), "from": str("warehouse code"), "to": str("warehouse code"),
		"item": str(""), "quantity": decimalStr("in the item's unit"), "unit": str("optional; must be the item's"), "designation": str("earmarked goods only"),
		"date": str("YYYY-MM-DD; today when absent"), "note": str("")}),
	"StockIssue": object([]string{"fund", "warehouse", "item", "quantity", "recipient"}, obj{"fund": str(""), "warehouse": str(""), "item": str(""),
		"quantity": decimalStr("in the item's unit"), "unit": str("optional; must be the item's"), "designation": str("earmarked goods only"),
		"date": str("YYYY-MM-DD; today when absent"), "recipient": str("checkpoint, quarantine site, relief trip"), "purpose": str("")}),
	"User": object([]string{"id", "name", "role", "created_at"}, obj{"id": integer(""), "name": str(""), "role": roleEnum,
		"district": str("district code, for a district_officer"), "created_at": str("RFC 3339"), "disabled_at": str("RFC 3339")}),
	"UserList":   list("User"),
	"UserCreate": object([]string{"name", "role"}, obj{"name": str(""), "role": roleEnum, "district": str("required for a district_officer")}),
	"Token": object([]string{"id", "user_id", "name", "created_at"}, obj{"id": integer(""), "user_id": integer(""), "name": str(""),
		"created_at": str("RFC 3339"), "expires_at": str("RFC 3339"), "revoked_at": str("RFC 3339"),
		"secret": str("the token, only in the answer that created it; send it as Authorization: Bearer <secret>")}),
	"TokenList":   list("Token"),
	"TokenCreate": object([]string{"name"}, obj{"name": str("what the token is for"), "expires_at": str("RFC 3339; no expiry when absent")}),
	"AuditRecord": object([]string{"id", "at", "user_id", "role", "method", "route", "path", "status", "client_ip", "request_id"}, obj{
		"id": integer(""), "at": str("RFC 3339"), "user_id": integer(""), "role": str(""), "method": str(""), "route": str("route template"),
		"path": str(""), "query": str("filters of the request"), "target": str("what was acted on, e.g. entry:42"), "status": integer("HTTP status of the answer"),
		"client_ip": str(""), "request_id": str("")}),
	"AuditList": list("AuditRecord"),
}

var householdProps = obj{"code": str("mã hộ, unique"), "head_name": str("chủ hộ"),
	"national_id": str("CCCD/CMND: in full for admins and district officers, masked (0791******23) for others"),
	"phone":       str("in full for admins and district officers, masked for others"), "commune": str("commune code"),
	"district": str("district code (2021 units)"), "hamlet": str("ấp / khóm"), "category": categoryEnum,
	"members": integer("số nhân khẩu"), "flags": obj{"type": "array", "items": flagEnum}, "status": statusEnum,
	"synthetic": obj{"type": "boolean", "description": "demo data"}, "version": integer("increases with every change"),
	"id": integer(""), "created_at": str("RFC 3339"), "updated_at": str("RFC 3339")}

var donorKind = obj{"type": "string", "enum": []string{"individual", "organisation", "business", "religious", "overseas"}}
var channelEnum = obj{"type": "string", "enum": []string{"cash", "bank", "in_kind"}}

var categoryEnum = obj{"type": "string", "enum": []string{"poor", "near_poor"}}
var statusEnum = obj{"type": "string", "enum": []string{"active", "graduated", "moved", "dissolved"}}
var flagEnum = obj{"type": "string", "enum": []string{"r68", "elderly_head", "disability", "ethnic_minority", "female_head", "young_children"}}

func init() {
	distributionSchemas()
	level := object([]string{"quantity", "value"}, obj{"quantity": decimalStr("in the item's unit"), "value": decimalStr("đồng")})
	card := obj{"opening": level, "in": level, "out": level, "closing": level,
		"balanced": obj{"type": "boolean", "description": "opening + in − out equals the ledger's closing balance"},
		"lines": obj{"type": "array", "items": object([]string{"entry_id", "date", "kind", "description", "in", "out", "balance"}, obj{
			"entry_id": integer(""), "date": str(""), "kind": str(""), "description": str(""), "in": level, "out": level, "balance": level})}}
	stock := schemas["Stock"].(obj)
	for k, v := range stock["properties"].(obj) {
		card[k] = v
	}
	schemas["StockCard"] = object(append([]string{"opening", "in", "out", "closing", "balanced"}, stock["required"].([]string)...), card)
	region := obj{"type": "object", "additionalProperties": false, "required": []string{"code", "name", "full_name", "kind", "level", "valid_from"},
		"properties": obj{"code": str(""), "name": str(""), "full_name": str(""), "kind": str("tinh, thanh_pho, thi_xa, huyen, xa, phuong, thi_tran"),
			"level": integer(""), "valid_from": str("YYYY-MM-DD"), "valid_to": str("YYYY-MM-DD"),
			"children": obj{"type": "array", "items": ref("Region")}}}
	schemas["Region"] = region
	schemas["Regions"] = object([]string{"scheme", "units", "mappings"}, obj{"scheme": str(""), "units": obj{"type": "array", "items": ref("Region")},
		"mappings": obj{"type": "array", "items": object([]string{"old", "new", "effective"}, obj{"old": str(""), "new": str(""), "effective": str("YYYY-MM-DD")})}})
	schemas["Household"] = object([]string{"id", "code", "head_name", "commune", "category", "members", "flags", "status", "synthetic", "version", "created_at", "updated_at"}, householdProps)
	schemas["HouseholdList"] = list("Household")
	schemas["HouseholdCreate"] = object([]string{"code", "head_name", "commune", "category", "members"}, obj{
		"code": str(""), "head_name": str(""), "national_id": str("12 digits (or 9)"), "phone": str("10 digits"),
		"commune": str("commune code or name"), "district": str("district code or name, when a commune name repeats"),
		"hamlet": str(""), "category": categoryEnum, "members": integer("1–50"), "flags": obj{"type": "array", "items": flagEnum}})
	schemas["HouseholdPatch"] = object(nil, obj{"category": categoryEnum, "status": statusEnum, "members": integer(""),
		"flags": obj{"type": "array", "items": flagEnum}, "hamlet": str(""), "head_name": str(""), "phone": str(""),
		"version": integer("the version you saw; 409 if it changed since"), "reason": str("why, kept in the history")})
	schemas["Change"] = object([]string{"version", "at", "by", "fields"}, obj{"version": integer(""), "at": str("RFC 3339"), "by": integer("user id"),
		"reason": str(""), "fields": obj{"type": "object", "additionalProperties": object([]string{"from", "to"}, obj{"from": str(""), "to": str("")})}})
	schemas["ChangeList"] = list("Change")
	counts := obj{"poor": integer(""), "near_poor": integer(""), "total": integer(""), "members": integer("people in those households")}
	row := obj{"district": str("code"), "district_name": str("")}
	for k, v := range counts {
		row[k] = v
	}
	schemas["HouseholdSummary"] = object([]string{"districts", "poor", "near_poor", "total", "members"}, obj{
		"districts": obj{"type": "array", "items": object([]string{"district", "district_name", "poor", "near_poor", "total", "members"}, row)},
		"poor":      integer(""), "near_poor": integer(""), "total": integer(""), "members": integer("")})
	schemas["ImportReport"] = object([]string{"dry_run", "header_line", "rows", "valid", "invalid", "created", "poor", "near_poor", "problems", "problems_truncated"}, obj{
		"dry_run": obj{"type": "boolean"}, "header_line": integer("row of the header"), "rows": integer("data rows"), "valid": integer(""),
		"invalid": integer("rows with problems"), "created": integer(""), "poor": integer("valid rows"), "near_poor": integer("valid rows"),
		"problems":           obj{"type": "array", "items": object([]string{"line", "column", "message"}, obj{"line": integer("row in the file"), "column": str("as headed in the file"), "message": str("")})},
		"problems_truncated": obj{"type": "boolean", "description": "more than 5,000 problems; the first are listed"}})
	schemas["Upload"] = obj{"type": "string", "description": "the file"}
	schemas["Donor"] = object([]string{"id", "name", "kind", "inside_province", "publish_name", "created_at"}, obj{"id": integer(""), "name": str(""),
		"kind": donorKind, "inside_province": obj{"type": "boolean"}, "phone": str(""), "email": str(""), "address": str(""),
		"publish_name": obj{"type": "boolean", "description": "false: the public list says " + "Nhà hảo tâm (ẩn danh)"}, "created_at": str("RFC 3339")})
	schemas["DonorList"] = list("Donor")
	schemas["DonorCreate"] = object([]string{"name", "kind"}, obj{"name": str(""), "kind": donorKind, "inside_province": obj{"type": "boolean"},
		"phone": str(""), "email": str(""), "address": str(""), "publish_name": obj{"type": "boolean", "description": "default true"}})
	line := object([]string{"item", "quantity", "unit_value"}, obj{"item": str("item code"), "quantity": decimalStr("in the item's unit"),
		"unit": str("optional; must be the item's unit"), "unit_value": decimalStr("đồng per unit"), "value": decimalStr("đồng")})
	schemas["DonationLine"] = line
	schemas["Donation"] = object([]string{"id", "receipt_no", "fund", "donor_name", "public_name", "channel", "amount", "currency", "received_date", "entry_id", "status", "created_at"}, obj{
		"id": integer(""), "receipt_no": str("FUND-YEAR-NNNNNN, unique per fund and year, without gaps"), "fund": str(""), "donor_id": integer(""),
		"donor_name": str(""), "public_name": str("what the public list shows"), "channel": channelEnum, "amount": decimalStr("đồng"),
		"currency": str("VND or the original currency"), "original_amount": decimalStr(""), "rate": decimalStr("đồng per unit of currency"),
		"bank_ref": str(""), "received_date": str("YYYY-MM-DD"), "earmark": str("district:CODE, category:poor|near_poor or purpose:TEXT"),
		"description": str(""), "lines": obj{"type": "array", "items": ref("DonationLine")}, "entry_id": integer("its journal entry"), "warehouse": str("in kind: the receiving warehouse"),
		"status": obj{"type": "string", "enum": []string{"recorded", "voided"}}, "void_entry_id": integer(""), "void_reason": str(""), "created_at": str("RFC 3339")})
	schemas["DonationList"] = list("Donation")
	schemas["DonationCreate"] = object([]string{"fund", "channel", "received_date"}, obj{"fund": str("fund code"), "donor_id": integer("a registered donor, or"),
		"donor_name": str("the donor's name"), "anonymous": obj{"type": "boolean", "description": "with donor_name: do not publish it"},
		"channel": channelEnum, "amount": decimalStr("đồng (money)"), "currency": str("e.g. USD; VND when absent"),
		"original_amount": decimalStr("in currency"), "rate": decimalStr("đồng per unit of currency"), "bank_ref": str("the bank's reference"),
		"received_date": str("YYYY-MM-DD"), "earmark": str("district:CODE, category:poor|near_poor or purpose:TEXT"), "description": str(""),
		"lines": obj{"type": "array", "items": ref("DonationLine")}, "warehouse": str("in kind: the receiving warehouse, default PROV")})
	schemas["PublicDonation"] = object([]string{"receipt_no", "fund", "donor", "channel", "amount", "received_date", "status", "entry_id"}, obj{
		"receipt_no": str(""), "fund": str(""), "donor": str("the name, or Nhà hảo tâm (ẩn danh)"), "channel": channelEnum, "amount": decimalStr("đồng"),
		"bank_ref": str(""), "received_date": str(""), "earmark": str(""), "description": str("phone and account numbers masked"),
		"status": str(""), "entry_id": integer(""), "entry_hash": str("hash of the journal entry, to check against the published chain")})
	schemas["PublicDonationList"] = list("PublicDonation")
	schemas["PublicFund"] = object([]string{"code", "name_vi", "name_en", "received", "distributed", "on_hand"}, obj{"code": str(""), "name_vi": str(""),
		"name_en": str(""), "received": decimalStr("đồng received, money and goods"), "distributed": decimalStr("đồng of aid given"), "on_hand": decimalStr("đồng held, money and goods")})
	schemas["PublicFundList"] = list("PublicFund")
	schemas["StatementReport"] = object([]string{"dry_run", "lines", "created", "duplicates", "rejected", "file_total", "imported_total", "duplicate_total",
		"rejected_total", "problems", "problems_truncated"}, obj{"dry_run": obj{"type": "boolean"}, "lines": integer("lines read"),
		"created": integer("donations recorded (would be, in a dry run)"), "duplicates": integer("lines recorded by an earlier import"),
		"rejected": integer("lines not usable, listed in problems"), "file_total": decimalStr("đồng, all lines"),
		"imported_total": decimalStr("đồng"), "duplicate_total": decimalStr("đồng"), "rejected_total": decimalStr("đồng; the three add up to file_total"),
		"problems":           obj{"type": "array", "items": object([]string{"line", "reason", "amount"}, obj{"line": integer(""), "reason": str(""), "amount": decimalStr("")})},
		"problems_truncated": obj{"type": "boolean"}})
	schemas["Workbook"] = obj{"type": "string", "contentMediaType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"description": "an Excel workbook: a cover sheet, then data sheets with SUM totals"}
}

var roleEnum = obj{"type": "string", "enum": []string{"admin", "fund_officer", "approver", "district_officer", "auditor", "supervisor"}}

var accountType = obj{"type": "string", "enum": []string{"asset", "liability", "net_assets", "revenue", "expense"}}

var ginParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath turns /journal/:id into /journal/{id}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

// OpenAPI returns the description of the whole service.
func (s *Server) OpenAPI() map[string]any {
	paths := obj{}
	for _, rt := range s.routes() {
		op := obj{"summary": rt.Summary, "tags": []string{rt.Tag}, "operationId": operationID(rt)}
		var params []obj
		for _, m := range ginParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, obj{"name": m[1], "in": "path", "required": true, "schema": obj{"type": "integer"}})
		}
		for _, q := range rt.Query {
			params = append(params, obj{"name": q.Name, "in": q.In, "description": q.Description, "schema": obj{"type": q.Type}})
		}
		if rt.Creates {
			params = append(params, obj{"name": "Idempotency-Key", "in": "header", "required": true,
				"description": "unique per request; a retry with the same key and body returns the first answer", "schema": obj{"type": "string", "maxLength": 200}})
		}
		if params != nil {
			op["parameters"] = params
		}
		switch {
		case rt.Upload:
			file := obj{"type": "string", "contentMediaType": "application/octet-stream"}
			op["requestBody"] = obj{"required": true, "content": obj{
				"multipart/form-data": obj{"schema": object([]string{"file"}, obj{"file": file})},
				"text/csv":            obj{"schema": obj{"type": "string"}},
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": obj{"schema": file}}}
		case rt.Request != "":
			op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": ref(rt.Request)}}}
		}
		status := rt.Status
		if status == 0 {
			status = http.StatusOK
		}
		problem := obj{"description": "a problem", "content": obj{"application/problem+json": obj{"schema": ref("Problem")}}}
		mediaType := "application/json"
		if rt.ResponseType != "" {
			mediaType = rt.ResponseType
		}
		resp := obj{strconv.Itoa(status): obj{"description": http.StatusText(status), "content": obj{mediaType: obj{"schema": ref(rt.Response)}}},
			"default": problem}
		if rt.Creates {
			resp["200"] = obj{"description": "replay of an earlier request with the same Idempotency-Key (header Idempotent-Replayed: true)",
				"content": obj{"application/json": obj{"schema": ref(rt.Response)}}}
		}
		op["responses"] = resp
		if rt.Roles == nil {
			op["security"] = []obj{}
		} else {
			roles := make([]string, len(rt.Roles))
			for i, r := range rt.Roles {
				roles[i] = string(r)
			}
			op["x-roles"] = roles
		}
		p := openAPIPath(rt.Path)
		if paths[p] == nil {
			paths[p] = obj{}
		}
		paths[p].(obj)[strings.ToLower(rt.Method)] = op
	}
	for p, summary := range map[string]string{"/healthz": "Liveness", "/readyz": "Readiness: the database answers",
		"/metrics": "Prometheus metrics", "/openapi.json": "This description"} {
		paths[p] = obj{"get": obj{"summary": summary, "tags": []string{"operations"}, "security": []obj{},
			"operationId": strings.Trim(strings.ReplaceAll(p, ".", "_"), "/"), "responses": obj{"200": obj{"description": "OK"}}}}
	}
	return obj{
		"openapi": "3.1.0",
		"info": obj{"title": "reliefledger", "version": s.Version,
			"description": "Books of a provincial relief effort: funds, a double-entry ledger, donations, goods, households and fair distribution. " +
				"Amounts are decimal strings in đồng; errors are application/problem+json."},
		"servers":    []obj{{"url": "/"}},
		"paths":      paths,
		"security":   []obj{{"bearer": []string{}}},
		"components": obj{"schemas": schemas, "securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"}}},
	}
}

func operationID(rt route) string {
	p := ginParam.ReplaceAllString(strings.TrimPrefix(rt.Path, "/api/v1/"), "by_$1")
	return strings.ToLower(rt.Method) + "_" + strings.NewReplacer("/", "_", "-", "_").Replace(p)
}

func (s *Server) openAPI(c *gin.Context) {
	s.openAPIOnce.Do(func() { s.openAPIDoc = s.OpenAPI() })
	c.JSON(http.StatusOK, s.openAPIDoc)
}

func distributionSchemas() {
	catMap := func(desc string) obj {
		return obj{"type": "object", "description": desc, "additionalProperties": decimalStr(""), "propertyNames": categoryEnum}
	}
	params := obj{"rates": catMap("rates method: package per household by category"), "budget": decimalStr("budget method: total"),
		"unit": decimalStr("budget method: rounding unit"), "weights": catMap("budget method: weight per category"),
		"per_member": obj{"type": "boolean", "description": "weight × members"}, "districts": obj{"type": "array", "items": str("district code")}}
	create := obj{"fund": str("fund code"), "title": str(""), "item": str("goods plans: item code; absent for money"),
		"source":      str("money: bank (default) or cash; goods: warehouse (default PROV)"),
		"designation": str("spend earmarked money: district:CODE, category:C or purpose:TEXT"), "method": obj{"type": "string", "enum": []string{"rates", "budget"}}}
	for k, v := range params {
		create[k] = v
	}
	schemas["PlanCreate"] = object([]string{"fund", "title", "method"}, create)
	share := object([]string{"district", "households", "need", "exact_share", "floor", "remainder", "extra_unit", "amount"}, obj{
		"district": str(""), "households": obj{"type": "object", "additionalProperties": integer(""), "description": "households in scope by category"},
		"need": decimalStr("weighted need (budget) or rate × households (rates)"), "exact_share": decimalStr("before rounding, 6 decimals shown"),
		"floor": decimalStr("whole units before the remainder step"), "remainder": decimalStr("fraction of a unit left, 6 decimals shown"),
		"extra_unit": obj{"type": "boolean", "description": "got one more unit by largest remainder"}, "amount": decimalStr("final")})
	schemas["Plan"] = object([]string{"id", "fund", "title", "kind", "source", "method", "method_version", "params", "rule", "total", "households", "districts", "status", "created_by", "created_at"}, obj{
		"id": integer(""), "fund": str(""), "title": str(""), "kind": obj{"type": "string", "enum": []string{"money", "goods"}}, "item": str(""),
		"source": str(""), "designation": str(""), "method": str(""), "method_version": str("the algorithm's version, stored with the plan"),
		"params": object([]string{"per_member", "districts"}, params), "rule": str("the rounding rule applied"), "total": decimalStr("đồng or quantity"),
		"households": integer("households with a package"), "districts": obj{"type": "array", "items": share},
		"status": obj{"type": "string", "enum": []string{"draft", "approved"}}, "created_by": integer(""), "created_at": str(""),
		"approved_by": integer(""), "approved_at": str(""), "approved_on": str("accounting date of the approval entry"), "entry_id": integer(""),
		"cover": object([]string{"account", "holds", "needs", "missing"}, obj{"account": str("the source account"), "holds": decimalStr(""),
			"needs": decimalStr(""), "missing": decimalStr("0 when covered")})})
	schemas["PlanList"] = list("Plan")
	schemas["PlanHouseholdList"] = object([]string{"data"}, obj{"data": obj{"type": "array", "items": object(
		[]string{"household_id", "code", "district", "commune", "category", "members", "amount"}, obj{"household_id": integer(""), "code": str(""),
			"district": str(""), "commune": str(""), "category": categoryEnum, "members": integer(""), "amount": decimalStr("the package")})},
		"next_cursor": str("")})
	schemas["PlanRecompute"] = object([]string{"plan_id", "method_version", "total", "same", "differences"}, obj{"plan_id": integer(""),
		"method_version": str(""), "total": decimalStr(""), "same": obj{"type": "boolean"}, "differences": obj{"type": "array", "items": str("household code or total")}})
	schemas["PlanApprove"] = object(nil, obj{"date": str("accounting date, YYYY-MM-DD; today when absent")})
	schemas["RequestCreate"] = object([]string{"fund", "amount", "reason"}, obj{"fund": str(""), "district": str("a district officer's own by default"),
		"item": str("goods: item code"), "amount": decimalStr("đồng or quantity"), "households": integer("households to reach"), "reason": str("")})
	schemas["AllocationRequest"] = object([]string{"id", "fund", "district", "kind", "amount", "households", "reason", "status", "created_by", "created_at"}, obj{
		"id": integer(""), "fund": str(""), "district": str(""), "kind": str(""), "item": str(""), "amount": decimalStr("requested"), "households": integer(""),
		"reason": str(""), "status": obj{"type": "string", "enum": []string{"pending", "approved", "rejected"}}, "approved_amount": decimalStr(""),
		"decision_reason": str(""), "created_by": integer(""), "created_at": str(""), "decided_by": integer(""), "decided_at": str(""), "entry_id": integer("")})
	schemas["AllocationRequestList"] = list("AllocationRequest")
	schemas["RequestDecision"] = object([]string{"decision"}, obj{"decision": obj{"type": "string", "enum": []string{"approve", "reject"}},
		"amount": decimalStr("approve in part: the approved amount"), "reason": str("required to reject or approve in part"),
		"source": str("money: bank or cash; goods: warehouse"), "date": str("YYYY-MM-DD")})
	schemas["DeliveryCreate"] = object([]string{"deliveries"}, obj{"plan": integer("an approved plan"), "request": integer("or an approved request"),
		"deliveries": obj{"type": "array", "items": object([]string{"date", "handed_over_by"}, obj{"household": str("household code"),
			"organisation": str("request deliveries to an organisation"), "amount": decimalStr("plan: optional, must be the package"),
			"date": str("YYYY-MM-DD"), "handed_over_by": str(""), "proof": str("signed list reference")})}})
	schemas["Delivery"] = object([]string{"id", "fund_id", "district", "kind", "amount", "date", "handed_over_by", "entry_id", "created_at"}, obj{
		"id": integer(""), "fund_id": integer(""), "plan_id": integer(""), "request_id": integer(""), "household_id": integer(""), "household": str("code"),
		"organisation": str(""), "district": str(""), "kind": str(""), "item": str(""), "amount": decimalStr(""), "date": str(""),
		"handed_over_by": str(""), "proof": str(""), "entry_id": integer(""), "created_at": str("")})
	schemas["DeliveryList"] = list("Delivery")
	dec := decimalStr("")
	schemas["Fairness"] = object([]string{"districts", "overall", "definitions"}, obj{
		"districts": obj{"type": "array", "items": object([]string{"district", "eligible", "eligible_total", "reached", "coverage", "exclusion_error",
			"inclusion_errors", "received", "weighted_need", "per_weighted_household", "relative_to_mean", "share_of_total", "share_of_need",
			"requested", "approved", "delivered", "median_days", "max_days", "late_deliveries", "flagged", "flag_reasons", "communes"}, obj{
			"district": str(""), "eligible": obj{"type": "object", "additionalProperties": integer("")}, "eligible_total": integer(""), "reached": integer(""),
			"coverage": decimalStr("%"), "exclusion_error": decimalStr("%"), "inclusion_errors": integer(""), "received": dec, "weighted_need": dec,
			"per_weighted_household": dec, "relative_to_mean": dec, "share_of_total": decimalStr("%"), "share_of_need": decimalStr("%"),
			"requested": dec, "approved": dec, "delivered": dec, "median_days": integer(""), "max_days": integer(""), "late_deliveries": integer(""),
			"flagged": obj{"type": "boolean"}, "flag_reasons": obj{"type": "array", "items": str("")},
			"communes": obj{"type": "array", "items": object([]string{"commune", "eligible", "reached", "coverage"}, obj{"commune": str(""),
				"eligible": integer(""), "reached": integer(""), "coverage": decimalStr("%")})}})},
		"overall": object([]string{"eligible_total", "reached", "unreached", "inclusion_errors", "coverage", "received", "per_weighted_household", "max_min_ratio", "gini", "flagged_districts"}, obj{
			"eligible_total": integer(""), "reached": integer(""), "unreached": integer(""), "inclusion_errors": integer(""), "coverage": decimalStr("%"),
			"received": dec, "per_weighted_household": dec, "max_min_ratio": obj{"type": []string{"string", "null"}, "description": "null when a district with need got nothing"},
			"gini": dec, "flagged_districts": obj{"type": "array", "items": str("")}}),
		"definitions": obj{"type": "object", "additionalProperties": str("")}})
	schemas["UnreachedList"] = object([]string{"data"}, obj{"data": obj{"type": "array", "items": object([]string{"id", "code", "district", "commune", "category", "members"}, obj{
		"id": integer("household id: GET /api/v1/households/{id} for the details"), "code": str(""), "district": str(""), "commune": str(""), "category": categoryEnum, "members": integer("")})},
		"next_cursor": str("")})
	schemas["DeliveryImport"] = object([]string{"rows", "recorded", "dry_run", "data"}, obj{"rows": integer("rows marked received"),
		"recorded": integer("deliveries recorded"), "dry_run": obj{"type": "boolean"}, "data": obj{"type": "array", "items": ref("Delivery")}})
	schemas["PublicUseList"] = object([]string{"data"}, obj{"data": obj{"type": "array", "items": object(
		[]string{"district", "households", "households_given_money", "to_households", "per_household", "organisations", "to_organisations", "goods"}, obj{
			"district": str(""), "households": integer("households reached"), "households_given_money": integer("the divisor of per_household"), "to_households": decimalStr("đồng"),
			"per_household": decimalStr("đồng, rounded"), "organisations": integer("deliveries to organisations"),
			"to_organisations": decimalStr("đồng"), "goods": obj{"type": "object", "additionalProperties": decimalStr("quantity by item")}})},
		"next_cursor": str("")})
	schemas["DeliveryResult"] = object([]string{"recorded", "data"}, obj{"recorded": integer(""), "data": obj{"type": "array", "items": ref("Delivery")}})
}

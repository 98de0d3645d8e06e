package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode"

	"github.com/invopop/jsonschema"
)

// The schemas of /openapi.json are reflected from the Go types the handlers
// decode and encode, so each JSON shape is written down once, as a struct:
//
//   - json tags name the properties, and a property is required unless its
//     tag says omitempty. For a response that is what encoding/json always
//     sends; a request type marks what a client may leave out the same way
//     (omitempty changes nothing when decoding).
//   - jsonschema tags add enums and formats, jsonschema_description the
//     prose. format=decimal marks an amount or quantity: a decimal string,
//     to which the description adds decimalPattern.
//   - additionalProperties is false everywhere: decode refuses unknown
//     fields, and responses send nothing undeclared.
//
// The reflector is github.com/invopop/jsonschema. It writes JSON Schema
// 2020-12, the dialect of OpenAPI 3.1, follows encoding/json's rules for
// tags and embedded structs, reads descriptions, enums and formats from
// tags, and brings four small modules with it. kin-openapi's openapi3gen
// has no tags for descriptions or enums (a customizer function would parse
// our own) and comes with a whole OpenAPI model, router and validator;
// huma's registry comes with a framework that wants to own routing. The
// tests check requests and answers against the document with their own
// small validator (contract_test.go).

// decimalPattern is what every format=decimal string matches.
const decimalPattern = `^-?(0|[1-9][0-9]*)(\.[0-9]+)?$`

// schemaTypes names the Go type behind every schema the route table names,
// and behind nested shapes whose names clients already know. Other nested
// types are named after the type: postingJSON is "Posting".
var schemaTypes = map[string]any{
	"Problem": Problem{},

	"Fund": fundJSON{}, "FundList": listJSON[fundJSON]{}, "FundCreate": fundCreateJSON{},
	"Account": accountJSON{}, "AccountList": listJSON[accountJSON]{}, "AccountCreate": accountCreateJSON{},
	"AccountBalance": accountBalanceJSON{},
	"Entry":          entryJSON{}, "EntryList": listJSON[entryJSON]{}, "EntryCreate": entryCreateJSON{},
	"PostingCreate": postingInJSON{}, "SourceCreate": sourceInJSON{}, "ReverseRequest": reverseJSON{},
	"TrialBalance": trialBalanceJSON{}, "VerifyReport": verifyJSON{},
	"Checkpoint": checkpointJSON{}, "CheckpointList": listJSON[checkpointJSON]{}, "CheckpointCreate": checkpointCreateJSON{},
	"CheckpointKey": checkpointKeyJSON{},

	"Item": itemJSON{}, "ItemList": listJSON[itemJSON]{}, "ItemCreate": itemCreateJSON{},
	"Warehouse": warehouseJSON{}, "WarehouseList": listJSON[warehouseJSON]{}, "WarehouseCreate": warehouseCreateJSON{},
	"Stock": stockJSON{}, "StockList": listJSON[stockJSON]{}, "StockCard": cardJSON{}, "StockCardList": cardListJSON{},
	"StockTransfer": stockTransferJSON{}, "StockIssue": stockIssueJSON{},

	"User": userJSON{}, "UserList": listJSON[userJSON]{}, "UserCreate": userCreateJSON{}, "UserPatch": userPatchJSON{}, "PasswordSet": passwordSetJSON{},
	"Token": tokenJSON{}, "TokenList": listJSON[tokenJSON]{}, "TokenCreate": tokenCreateJSON{},
	"AuditRecord": auditJSON{}, "AuditList": listJSON[auditJSON]{},

	"Regions":   regionsJSON{},
	"Household": householdJSON{}, "HouseholdList": listJSON[householdJSON]{}, "HouseholdCreate": householdCreateJSON{},
	"HouseholdPatch": householdPatchJSON{}, "Change": changeJSON{}, "ChangeList": listJSON[changeJSON]{},
	"HouseholdSummary": summaryJSON{}, "ImportReport": importJSON{},

	"Donor": donorJSON{}, "DonorList": listJSON[donorJSON]{}, "DonorCreate": donorCreateJSON{},
	"Donation": donationJSON{}, "DonationList": listJSON[donationJSON]{}, "DonationCreate": donationCreateJSON{},
	"DonationLine":   lineJSON{},
	"PublicDonation": publicDonationJSON{}, "PublicDonationSearch": publicSearchJSON{},
	"PublicFund": publicFundJSON{}, "PublicFundList": listJSON[publicFundJSON]{},
	"StatementReport": statementJSON{},

	"Plan": planJSON{}, "PlanList": listJSON[planJSON]{}, "PlanCreate": planCreateJSON{}, "PlanApprove": approveJSON{},
	"PlanHouseholdList": listJSON[planHouseholdJSON]{}, "PlanRecompute": recomputeJSON{},
	"AllocationRequest": requestJSON{}, "AllocationRequestList": listJSON[requestJSON]{}, "RequestCreate": requestCreateJSON{},
	"RequestDecision": decisionJSON{},
	"Delivery":        deliveryJSON{}, "DeliveryList": deliveryListJSON{}, "DeliveryCreate": deliveryCreateJSON{},
	"DeliveryResult": deliveryResultJSON{}, "DeliveryImport": deliveryImportJSON{},
	"Fairness": fairnessJSON{}, "UnreachedList": listJSON[unreachedJSON]{}, "PublicUseList": publicUseJSON{},

	"RuleSet": ruleSetJSON{}, "RuleSetList": listJSON[ruleSetJSON]{}, "RuleParameter": ruleParamJSON{}, "LegalSource": legalSourceJSON{},
	"Campaign": campaignJSON{}, "CampaignList": listJSON[campaignJSON]{}, "CampaignCreate": campaignCreateJSON{}, "Deadline": deadlineJSON{},

	"PeriodClose": periodCloseJSON{}, "PeriodCloseList": listJSON[periodCloseJSON]{}, "PeriodCloseCreate": periodCloseCreateJSON{},

	// Nested shapes whose type names say too little on their own.
	"ChainHead": headJSON{}, "TrialBalanceRow": trialRowJSON{}, "StockLevel": levelJSON{}, "StockCardLine": cardLineJSON{},
	"RegionMapping": mappingJSON{}, "HouseholdSummaryRow": summaryRowJSON{}, "PlanCover": coverJSON{},
	"FairnessOverall": overallJSON{}, "UnreachedHousehold": unreachedJSON{}, "PublicUse": useJSON{},

	"SummaryReport": summaryReportJSON{}, "SummaryFigures": figuresJSON{},
}

// fileSchemas describe the bodies that are files, not JSON.
var fileSchemas = map[string]any{
	"Upload": obj{"type": "string", "description": "the file"},
	"Workbook": obj{"type": "string", "contentMediaType": xlsxType,
		"description": "an Excel workbook: a cover sheet, then data sheets with SUM totals"},
}

// componentSchemas reflects every registered type once, into plain JSON
// values (what /openapi.json serves), with references pointing into
// #/components/schemas.
var componentSchemas = sync.OnceValue(func() map[string]any {
	names := schemaNames{byType: map[reflect.Type]string{}, byName: map[string]reflect.Type{}}
	for name, v := range schemaTypes {
		names.claim(name, reflect.TypeOf(v))
	}
	r := &jsonschema.Reflector{Anonymous: true, Namer: names.name}
	defs := jsonschema.Definitions{}
	for _, v := range schemaTypes {
		for name, s := range r.Reflect(v).Definitions {
			defs[name] = s
		}
	}
	b, err := json.Marshal(defs)
	if err != nil {
		panic(fmt.Sprintf("openapi: %v", err))
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(fmt.Sprintf("openapi: %v", err))
	}
	finishSchema(out)
	for name, s := range fileSchemas {
		out[name] = s
	}
	return out
})

// finishSchema points references at the OpenAPI components and gives every
// decimal string its pattern.
func finishSchema(v any) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			x["$ref"] = "#/components/schemas/" + strings.TrimPrefix(ref, "#/$defs/")
		}
		if x["format"] == "decimal" {
			x["pattern"] = decimalPattern
		}
		for _, e := range x {
			finishSchema(e)
		}
	case []any:
		for _, e := range x {
			finishSchema(e)
		}
	}
}

// schemaNames gives each Go type one schema name and refuses to give one
// name to two types.
type schemaNames struct {
	mu     sync.Mutex
	byType map[reflect.Type]string
	byName map[string]reflect.Type
}

func (n *schemaNames) claim(name string, t reflect.Type) {
	if other, ok := n.byName[name]; ok && other != t {
		panic(fmt.Sprintf("openapi: schema %s names both %v and %v", name, other, t))
	}
	n.byName[name], n.byType[t] = t, name
}

// name is the reflector's Namer: the registered name, or the type's name
// without its JSON suffix, capitalised.
func (n *schemaNames) name(t reflect.Type) string {
	if t.Name() == "" || t.PkgPath() == "" {
		return t.Name()
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if name, ok := n.byType[t]; ok {
		return name
	}
	if strings.Contains(t.Name(), "[") {
		panic(fmt.Sprintf("openapi: register a name for %v in schemaTypes", t))
	}
	r := []rune(strings.TrimSuffix(t.Name(), "JSON"))
	r[0] = unicode.ToUpper(r[0])
	n.claim(string(r), t)
	return string(r)
}

// decimalMap is a JSON object of decimal strings, e.g. balances by account
// type.
type decimalMap map[string]string

// JSONSchema describes decimalMap to the reflector.
func (decimalMap) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "object", AdditionalProperties: &jsonschema.Schema{Type: "string", Format: "decimal"}}
}

// categoryDecimals is a decimal string per household category.
type categoryDecimals map[string]string

// JSONSchema describes categoryDecimals to the reflector.
func (categoryDecimals) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "object", PropertyNames: categoryEnum(),
		AdditionalProperties: &jsonschema.Schema{Type: "string", Format: "decimal"}}
}

// categoryCounts is a count per household category.
type categoryCounts map[string]int

// JSONSchema describes categoryCounts to the reflector.
func (categoryCounts) JSONSchema() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "object", PropertyNames: categoryEnum(), AdditionalProperties: &jsonschema.Schema{Type: "integer"}}
}

func categoryEnum() *jsonschema.Schema {
	return &jsonschema.Schema{Type: "string", Enum: []any{"poor", "near_poor"}}
}

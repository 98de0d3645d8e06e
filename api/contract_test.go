package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"mime"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Every request a test sends through ts.do is held to /openapi.json:
//
//   - the answer always: a success body to the route's schema, an error to
//     the problem schema;
//   - the request when the server accepted it (2xx): its JSON body to the
//     route's request schema, its path and query parameters to theirs. A
//     request the server took but the description calls invalid is drift
//     that a client generated from the description would trip on. Requests
//     the server refused are left alone: tests send bad input on purpose.

// checkContract holds a request and its answer to the OpenAPI description.
func (ts *testServer) checkContract(r req, body []byte, resp response) {
	ts.t.Helper()
	path, rawQuery, _ := strings.Cut(r.Path, "?")
	ct := resp.Header.Get("Content-Type")
	if resp.Status >= 400 {
		if !strings.HasPrefix(ct, "application/problem+json") {
			ts.t.Errorf("%s %s: status %d with Content-Type %q, want application/problem+json; body %s", r.Method, path, resp.Status, ct, resp.Body)
			return
		}
		if errs := validate(ts.doc, ref("Problem"), decodeAny(resp.Body), "problem"); len(errs) > 0 {
			ts.t.Errorf("%s %s: problem body breaks the schema: %v", r.Method, path, errs)
		}
		if p := resp.problem(); p.Status != resp.Status {
			ts.t.Errorf("%s %s: problem status %d != HTTP status %d", r.Method, path, p.Status, resp.Status)
		}
		return
	}
	template, op := ts.operation(r.Method, path)
	if op == nil {
		ts.t.Errorf("%s %s: answered %d but is not described in /openapi.json", r.Method, path, resp.Status)
		return
	}
	if resp.Status < 300 {
		for _, e := range checkRequest(ts.doc, op, template, path, rawQuery, r.contentType(body), body) {
			ts.t.Errorf("%s %s: accepted (%d), but the request breaks /openapi.json: %s", r.Method, path, resp.Status, e)
		}
	}
	mediaType := "application/json"
	if !strings.HasPrefix(ct, mediaType) {
		mediaType = ct
	}
	schema, described := responseSchema(op, resp.Status, mediaType)
	switch {
	case !described:
		ts.t.Errorf("%s %s: %d with %s is not described in /openapi.json", r.Method, path, resp.Status, ct)
	case schema != nil && mediaType == "application/json":
		if errs := validate(ts.doc, schema, decodeAny(resp.Body), "body"); len(errs) > 0 {
			ts.t.Errorf("%s %s: body breaks the schema: %v", r.Method, path, errs)
		}
	}
}

// contentType is the media type the request's body went out with.
func (r req) contentType(body []byte) string {
	switch {
	case r.Body == nil:
		return ""
	case r.ContentType != "":
		return r.ContentType
	}
	return "application/json"
}

var pathParamTemplate = regexp.MustCompile(`\{([a-z_]+)\}`)

// operation finds the described operation a request went to, with its path
// template. A literal path (/households/summary) wins over a template
// (/households/{id}).
func (ts *testServer) operation(method, path string) (string, map[string]any) {
	paths := ts.doc["paths"].(map[string]any)
	keys := make([]string, 0, len(paths))
	for p := range paths {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool {
		if ci, cj := strings.Count(keys[i], "{"), strings.Count(keys[j], "{"); ci != cj {
			return ci < cj
		}
		return keys[i] < keys[j]
	})
	for _, p := range keys {
		if !templateRegexp(p).MatchString(path) {
			continue
		}
		if op, ok := paths[p].(map[string]any)[strings.ToLower(method)].(map[string]any); ok {
			return p, op
		}
	}
	return "", nil
}

// templateRegexp matches the paths of a template, capturing each parameter.
func templateRegexp(template string) *regexp.Regexp {
	var b strings.Builder
	last := 0
	for _, m := range pathParamTemplate.FindAllStringSubmatchIndex(template, -1) {
		b.WriteString(regexp.QuoteMeta(template[last:m[0]]) + "(?P<" + template[m[2]:m[3]] + ">[^/]+)")
		last = m[1]
	}
	return compiled("^" + b.String() + regexp.QuoteMeta(template[last:]) + "$")
}

// responseSchema is the schema of the described answer; described is false
// when the status or media type is not described at all.
func responseSchema(op map[string]any, status int, mediaType string) (schema map[string]any, described bool) {
	resp, ok := op["responses"].(map[string]any)[strconv.Itoa(status)].(map[string]any)
	if !ok {
		return nil, false
	}
	content, ok := resp["content"].(map[string]any)
	if !ok {
		return nil, true // described without a body
	}
	media, ok := content[mediaType].(map[string]any)
	if !ok {
		return nil, false
	}
	return media["schema"].(map[string]any), true
}

// checkRequest holds an accepted request to its operation: path and query
// parameters, and a JSON body.
func checkRequest(doc, op map[string]any, template, path, rawQuery, contentType string, body []byte) []string {
	var errs []string
	params := map[string]map[string]any{} // "in:name" → parameter
	for _, p := range asMaps(op["parameters"]) {
		params[fmt.Sprint(p["in"], ":", p["name"])] = p
	}
	re := templateRegexp(template)
	values := re.FindStringSubmatch(path)
	for i, name := range re.SubexpNames() {
		if name == "" {
			continue
		}
		p, ok := params["path:"+name]
		if !ok {
			errs = append(errs, "path parameter "+name+" is not described")
			continue
		}
		v, _ := url.PathUnescape(values[i])
		errs = append(errs, validateParam(doc, p, v, "path parameter "+name)...)
	}
	query, err := url.ParseQuery(rawQuery)
	if err != nil {
		return append(errs, "query: "+err.Error())
	}
	for name, vs := range query {
		p, ok := params["query:"+name]
		if !ok {
			errs = append(errs, "query parameter "+name+" is not described")
			continue
		}
		for _, v := range vs {
			errs = append(errs, validateParam(doc, p, v, "query parameter "+name)...)
		}
	}
	rb, _ := op["requestBody"].(map[string]any)
	if rb == nil || body == nil {
		if rb != nil && rb["required"] == true {
			errs = append(errs, "the body is required")
		}
		return errs
	}
	content, _ := rb["content"].(map[string]any)
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		contentType = mt
	}
	media, ok := content[contentType].(map[string]any)
	if !ok {
		return append(errs, "body of type "+contentType+" is not described")
	}
	if contentType == "application/json" {
		errs = append(errs, validate(doc, media["schema"].(map[string]any), decodeAny(body), "request")...)
	}
	return errs
}

// validateParam checks a parameter's text against its schema's type.
func validateParam(doc, p map[string]any, v, at string) []string {
	schema, _ := p["schema"].(map[string]any)
	var value any = v
	switch schema["type"] {
	case "integer":
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return []string{fmt.Sprintf("%s: %q is not an integer", at, v)}
		}
		value = json.Number(v)
	case "boolean":
		b, err := strconv.ParseBool(v)
		if err != nil || (v != "true" && v != "false") {
			return []string{fmt.Sprintf("%s: %q is not true or false", at, v)}
		}
		value = b
	}
	return validate(doc, schema, value, at)
}

func asMaps(v any) []map[string]any {
	switch x := v.(type) {
	case []map[string]any:
		return x
	case []any:
		var out []map[string]any
		for _, e := range x {
			if m, ok := e.(map[string]any); ok {
				out = append(out, m)
			}
		}
		return out
	}
	return nil
}

func decodeAny(b []byte) any {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	dec.Decode(&v)
	return v
}

// validate checks v against a schema of the description. It knows the
// JSON Schema keywords the description uses and fails on any other, so the
// description cannot promise something these tests do not check.
func validate(doc map[string]any, schema map[string]any, v any, at string) []string {
	var errs []string
	for k := range schema {
		if !validatorKnows[k] {
			errs = append(errs, fmt.Sprintf("%s: the validator does not know the keyword %q", at, k))
		}
	}
	if r, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		s, ok := doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return append(errs, at+": unknown schema "+r)
		}
		errs = append(errs, validate(doc, s, v, at)...)
	}
	if types := asStrings(schema["type"]); len(types) > 0 && !slicesContains(types, jsonType(v)) &&
		!(jsonType(v) == "integer" && slicesContains(types, "number")) {
		return append(errs, fmt.Sprintf("%s: want %s, got %s %v", at, strings.Join(types, " or "), jsonType(v), v))
	}
	if oneOf := asMaps(schema["oneOf"]); len(oneOf) > 0 {
		n := 0
		for _, s := range oneOf {
			if len(validate(doc, s, v, at)) == 0 {
				n++
			}
		}
		if n != 1 {
			errs = append(errs, fmt.Sprintf("%s: %v matches %d of the oneOf schemas, want exactly 1", at, v, n))
		}
	}
	if enum, ok := schema["enum"].([]any); ok && !slicesContains(asStrings(enum), fmt.Sprint(v)) {
		errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
	}
	switch x := v.(type) {
	case map[string]any:
		errs = append(errs, validateObject(doc, schema, x, at)...)
	case []any:
		if n, ok := number(schema["minItems"]); ok && float64(len(x)) < n {
			errs = append(errs, fmt.Sprintf("%s: %d items, want at least %v", at, len(x), n))
		}
		if n, ok := number(schema["maxItems"]); ok && float64(len(x)) > n {
			errs = append(errs, fmt.Sprintf("%s: %d items, want at most %v", at, len(x), n))
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range x {
				errs = append(errs, validate(doc, items, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	case string:
		if p, ok := schema["pattern"].(string); ok && !compiled(p).MatchString(x) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", at, x, p))
		}
		if f, ok := schema["format"].(string); ok {
			if err := checkFormat(f, x); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %q is not a %s: %v", at, x, f, err))
			}
		}
	case json.Number:
		f, _ := x.Float64()
		if n, ok := number(schema["minimum"]); ok && f < n {
			errs = append(errs, fmt.Sprintf("%s: %v is below the minimum %v", at, x, n))
		}
		if n, ok := number(schema["maximum"]); ok && f > n {
			errs = append(errs, fmt.Sprintf("%s: %v is above the maximum %v", at, x, n))
		}
	}
	return errs
}

func validateObject(doc, schema, m map[string]any, at string) []string {
	var errs []string
	props, _ := schema["properties"].(map[string]any)
	for _, req := range asStrings(schema["required"]) {
		if _, ok := m[req]; !ok {
			errs = append(errs, at+"."+req+": required but missing")
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if names, ok := schema["propertyNames"].(map[string]any); ok {
			errs = append(errs, validate(doc, names, k, at+" key "+k)...)
		}
		if ps, ok := props[k].(map[string]any); ok {
			errs = append(errs, validate(doc, ps, m[k], at+"."+k)...)
			continue
		}
		switch extra := schema["additionalProperties"].(type) {
		case map[string]any:
			errs = append(errs, validate(doc, extra, m[k], at+"."+k)...)
		case bool:
			if !extra {
				errs = append(errs, at+"."+k+": not in the schema")
			}
		}
	}
	return errs
}

// validatorKnows lists the keywords validate checks or, for the
// annotations, may ignore.
var validatorKnows = map[string]bool{
	"$ref": true, "type": true, "enum": true, "oneOf": true,
	"properties": true, "required": true, "additionalProperties": true, "propertyNames": true,
	"items": true, "minItems": true, "maxItems": true,
	"pattern": true, "format": true, "minimum": true, "maximum": true,
	"description": true, "title": true, "contentMediaType": true,
}

// checkFormat checks the formats the description uses.
func checkFormat(format, s string) error {
	var err error
	switch format {
	case "date":
		_, err = time.Parse(time.DateOnly, s)
	case "date-time":
		_, err = time.Parse(time.RFC3339Nano, s)
	case "decimal":
		// the pattern says it
	default:
		err = fmt.Errorf("the validator does not know the format %q", format)
	}
	return err
}

// jsonType names the JSON type of a decoded value; a whole number is an
// integer.
func jsonType(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	}
	return fmt.Sprintf("%T", v)
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	}
	return math.NaN(), false
}

func asStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, fmt.Sprint(e))
		}
		return out
	}
	return nil
}

func slicesContains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// patterns caches the regular expressions the checks compile.
var patterns sync.Map

func compiled(p string) *regexp.Regexp {
	if re, ok := patterns.Load(p); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(p)
	patterns.Store(p, re)
	return re
}

package api

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"reliefledger/access"
)

// The OpenAPI 3.1 description is built from the route table, so a route
// cannot exist without being described; a test checks both directions.
// Its schemas are reflected from the Go types (schemas.go).

type obj = map[string]any

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

var ginParam = regexp.MustCompile(`:([a-z_]+)`)

// openAPIPath turns /journal/:id into /journal/{id}.
func openAPIPath(p string) string { return ginParam.ReplaceAllString(p, "{$1}") }

// OpenAPI returns the description of the whole service.
func (s *Server) OpenAPI() map[string]any {
	paths := obj{}
	for _, rt := range s.routes() {
		op := obj{"summary": rt.Summary, "tags": []string{rt.Tag}, "operationId": operationID(rt)}
		params := pathParams(rt)
		for _, q := range rt.Query {
			if q.In != "path" {
				params = append(params, obj{"name": q.Name, "in": q.In, "description": q.Description, "schema": obj{"type": q.Type}})
			}
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
				"multipart/form-data": obj{"schema": obj{"type": "object", "required": []string{"file"}, "properties": obj{"file": file}, "additionalProperties": false}},
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
		"servers":  []obj{{"url": "/"}},
		"paths":    paths,
		"security": []obj{{"bearer": []string{}}, {"session": []string{}}},
		"components": obj{"schemas": componentSchemas(), "securitySchemes": obj{"bearer": obj{"type": "http", "scheme": "bearer"},
			// A signed-in browser's cookie (the pages' /login) works as a token.
			"session": obj{"type": "apiKey", "in": "cookie", "name": access.SessionCookie,
				"description": "the session of a staff member signed in at /login; every method but GET and HEAD must also send the session's CSRF token in " + CSRFHeader}}},
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

// pathParams describes the route's path parameters. An :id or :…_id is the
// positive integer pathID reads; any other is a string. A param with In
// "path" in the route's Query list describes its parameter.
func pathParams(rt route) []obj {
	var params []obj
	for _, m := range ginParam.FindAllStringSubmatch(rt.Path, -1) {
		name := m[1]
		p := obj{"name": name, "in": "path", "required": true, "schema": obj{"type": "string"}}
		if name == "id" || strings.HasSuffix(name, "_id") {
			p["schema"] = obj{"type": "integer", "minimum": 1}
		}
		for _, q := range rt.Query {
			if q.In == "path" && q.Name == name {
				p["schema"], p["description"] = obj{"type": q.Type}, q.Description
			}
		}
		params = append(params, p)
	}
	return params
}

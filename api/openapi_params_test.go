package api

import (
	"fmt"
	"testing"
)

// TestOpenAPIPathParamTypes pins the type /openapi.json gives each path
// parameter: IDs are integers, names and codes are strings (the README's
// examples take them from earlier answers and paste them in).
func TestOpenAPIPathParamTypes(t *testing.T) {
	doc := (&Server{}).OpenAPI()
	paths := doc["paths"].(obj)
	for _, tc := range []struct{ path, method, param, want string }{
		{"/api/v1/exports/{name}", "get", "name", "string"},
		{"/api/v1/public/receipts/{code}", "get", "code", "string"},
		{"/api/v1/journal/{id}/reverse", "post", "id", "integer"},
		{"/api/v1/users/{id}/tokens/{token_id}", "delete", "token_id", "integer"},
	} {
		got := "missing"
		if item, ok := paths[tc.path].(obj); ok {
			if op, ok := item[tc.method].(obj); ok {
				for _, p := range op["parameters"].([]obj) {
					if p["name"] == tc.param && p["in"] == "path" {
						got = fmt.Sprint(p["schema"].(obj)["type"])
					}
				}
			}
		}
		if got != tc.want {
			t.Errorf("%s %s: {%s} is %s, want %s", tc.method, tc.path, tc.param, got, tc.want)
		}
	}
}

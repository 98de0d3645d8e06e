package api

import (
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"

	rl "reliefledger"
)

// checkStrings applies the one text rule (rl.CheckText) to every string of
// a decoded request, map keys included, naming each by its JSON path
// ("postings[1].item", "rates.poor").
func checkStrings(v reflect.Value, path string, fe *rl.Fields) {
	switch v.Kind() {
	case reflect.String:
		if err := rl.CheckText(v.String()); err != nil {
			fe.Add(path, "%v", err)
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkStrings(v.Elem(), path, fe)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkStrings(v.Index(i), path+"["+strconv.Itoa(i)+"]", fe)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			name := join(path, k.String())
			if k.Kind() == reflect.String {
				if err := rl.CheckText(k.String()); err != nil {
					fe.Add(path, "has a key that %v", err)
					continue
				}
			}
			checkStrings(v.MapIndex(k), name, fe)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			checkStrings(v.Field(i), join(path, name), fe)
		}
	}
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// checkQuery applies the text rule to a request's query parameters.
func checkQuery(q url.Values) error {
	var fe rl.Fields
	names := make([]string, 0, len(q))
	for k := range q {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if err := rl.CheckText(k); err != nil {
			fe.Add("query", "has a parameter name that %v", err)
			continue
		}
		for _, v := range q[k] {
			if err := rl.CheckText(v); err != nil {
				fe.Add(k, "%v", err)
			}
		}
	}
	return fe.Err()
}

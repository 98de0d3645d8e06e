package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// What the README examples' tools do: curl, done in Go, and the text
// filters that pick an ID out of an answer.

// curl does what curl does with the options the examples use.
func (s *readmeShell) curl(args []string, want int) ([]byte, error) {
	var (
		method, url, out string
		header           = http.Header{}
		data             []string
		form             [][2]string
		include          bool
	)
	for i := 0; i < len(args); i++ {
		a := args[i]
		arg := func() (string, error) {
			if i+1 == len(args) {
				return "", fmt.Errorf("%s needs a value", a)
			}
			i++
			return args[i], nil
		}
		var v string
		var err error
		switch a {
		case "-s", "--silent", "-S", "--show-error", "-sS", "-f", "--fail", "-sSf", "-fsS":
			continue
		case "-i", "--include":
			include = true
			continue
		case "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "-F", "--form", "-o", "--output":
			if v, err = arg(); err != nil {
				return nil, err
			}
		default:
			if strings.HasPrefix(a, "-") {
				return nil, fmt.Errorf("curl option %s is not one the README test knows", a)
			}
			if url != "" {
				return nil, fmt.Errorf("two URLs: %s and %s", url, a)
			}
			url = a
			continue
		}
		switch a {
		case "-X", "--request":
			method = v
		case "-H", "--header":
			k, val, ok := strings.Cut(v, ":")
			if !ok {
				return nil, fmt.Errorf("header %q has no colon", v)
			}
			header.Add(strings.TrimSpace(k), strings.TrimSpace(val))
		case "-d", "--data", "--data-raw", "--data-binary":
			if strings.HasPrefix(v, "@") && a != "--data-raw" {
				b, err := os.ReadFile(v[1:])
				if err != nil {
					return nil, err
				}
				if a != "--data-binary" {
					b = bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r"), nil), []byte("\n"), nil)
				}
				v = string(b)
			}
			data = append(data, v)
		case "-F", "--form":
			k, val, ok := strings.Cut(v, "=")
			if !ok {
				return nil, fmt.Errorf("form field %q has no =", v)
			}
			form = append(form, [2]string{k, val})
		case "-o", "--output":
			out = v
		}
	}
	if url == "" {
		return nil, fmt.Errorf("no URL")
	}
	if !strings.Contains(url, "://") {
		url = "http://" + url
	}
	var body io.Reader
	switch {
	case len(data) > 0 && len(form) > 0:
		return nil, fmt.Errorf("both -d and -F")
	case len(data) > 0:
		body = strings.NewReader(strings.Join(data, "&"))
		if header.Get("Content-Type") == "" {
			header.Set("Content-Type", "application/x-www-form-urlencoded") // as curl does
		}
	case len(form) > 0:
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		for _, f := range form {
			if strings.HasPrefix(f[1], "@") {
				content, err := os.ReadFile(f[1][1:])
				if err != nil {
					return nil, err
				}
				fw, _ := mw.CreateFormFile(f[0], filepath.Base(f[1][1:]))
				fw.Write(content)
			} else {
				mw.WriteField(f[0], f[1])
			}
		}
		mw.Close()
		body = &b
		header.Set("Content-Type", mw.FormDataContentType())
	}
	if method == "" {
		method = "GET"
		if body != nil {
			method = "POST"
		}
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("User-Agent", "curl (README test)")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	ok := resp.StatusCode/100 == 2
	if want != 0 {
		ok = resp.StatusCode == want
	}
	if !ok {
		return nil, fmt.Errorf("%s %s answered %s, want %s:\n%s", method, url, resp.Status, wantStatus(want), clip(b))
	}
	var head bytes.Buffer
	if include {
		fmt.Fprintf(&head, "%s %s\r\n", resp.Proto, resp.Status)
		resp.Header.Write(&head)
		head.WriteString("\r\n")
	}
	if out != "" {
		return head.Bytes(), os.WriteFile(out, b, 0o644)
	}
	return append(head.Bytes(), b...), nil
}

func wantStatus(want int) string {
	if want == 0 {
		return "2xx"
	}
	return strconv.Itoa(want)
}

// grepO is `grep -o PATTERN` (a basic regular expression) over stdin.
func grepO(args []string, stdin []byte) ([]byte, error) {
	if len(args) != 2 || args[0] != "-o" {
		return nil, fmt.Errorf("the README test knows grep -o PATTERN only")
	}
	re, err := regexp.Compile(basicRE(args[1]))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	for _, line := range strings.Split(string(stdin), "\n") {
		for _, m := range re.FindAllString(line, -1) {
			out.WriteString(m + "\n")
		}
	}
	if out.Len() == 0 {
		return nil, fmt.Errorf("nothing matches %s in %s", args[1], clip(stdin))
	}
	return out.Bytes(), nil
}

// basicRE turns a POSIX basic regular expression into Go's syntax: in a
// BRE, + ? | ( ) { } are literal and their backslashed forms are special.
func basicRE(bre string) string {
	var b strings.Builder
	for i := 0; i < len(bre); i++ {
		c := bre[i]
		switch {
		case c == '\\' && i+1 < len(bre) && strings.IndexByte("+?|(){}", bre[i+1]) >= 0:
			b.WriteByte(bre[i+1])
			i++
		case strings.IndexByte("+?|(){}", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// head is `head -n N` (or `head -N`).
func head(args []string, stdin []byte) ([]byte, error) {
	n := ""
	switch {
	case len(args) == 2 && args[0] == "-n":
		n = args[1]
	case len(args) == 1 && strings.HasPrefix(args[0], "-"):
		n = args[0][1:]
	}
	k, err := strconv.Atoi(n)
	if err != nil {
		return nil, fmt.Errorf("the README test knows head -n N only")
	}
	lines := strings.SplitAfter(string(stdin), "\n")
	return []byte(strings.Join(lines[:min(k, len(lines))], "")), nil
}

// cut is `cut -d X -f N` (or -dX -fN).
func cut(args []string, stdin []byte) ([]byte, error) {
	var delim, field string
	for i := 0; i < len(args); i++ {
		a := args[i]
		var v *string
		switch {
		case strings.HasPrefix(a, "-d"):
			v = &delim
		case strings.HasPrefix(a, "-f"):
			v = &field
		default:
			return nil, fmt.Errorf("the README test knows cut -d X -f N only")
		}
		if *v = a[2:]; *v == "" && i+1 < len(args) {
			i++
			*v = args[i]
		}
	}
	f, err := strconv.Atoi(field)
	if err != nil || f < 1 || len([]rune(delim)) != 1 {
		return nil, fmt.Errorf("the README test knows cut -d X -f N only")
	}
	var out bytes.Buffer
	for _, line := range strings.Split(strings.TrimSuffix(string(stdin), "\n"), "\n") {
		if fs := strings.Split(line, delim); len(fs) >= f {
			out.WriteString(fs[f-1])
		} else if len(fs) == 1 {
			out.WriteString(line) // as cut does: a line without the delimiter is printed whole
		}
		out.WriteString("\n")
	}
	return out.Bytes(), nil
}

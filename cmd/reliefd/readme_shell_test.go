package main

import (
	"fmt"
	"regexp"
	"strings"
)

// The README's shell examples are parsed as far as they need a shell:
// words with '…' and "…" quoting, $VAR, ${VAR} and $(…), pipes, `\`
// line continuations, `;` and comments. Anything else (redirections, &&,
// backquotes, subshells) is refused, so an example the test cannot run
// fails it rather than being skipped.

// part is a piece of a word: literal text, a variable, or a command
// substitution.
type part struct {
	lit  string
	name string      // $name
	sub  []*pipeline // $( … )
}

type word []part

// pipeline is one command line: commands joined by |, with the comment
// that ends the line (it may state the status an example answers).
type pipeline struct {
	cmds    [][]word
	comment string
	line    int // in the README
}

type shParser struct {
	src  []rune
	pos  int
	line int
}

// parseScript parses a ```sh block that starts on the README's line line.
func parseScript(src string, line int) ([]*pipeline, error) {
	p := &shParser{src: []rune(src), line: line}
	return p.script(false)
}

func (p *shParser) peek(n int) rune {
	if p.pos+n < len(p.src) {
		return p.src[p.pos+n]
	}
	return 0
}

func (p *shParser) errorf(format string, args ...any) error {
	return fmt.Errorf("line %d: "+format, append([]any{p.line}, args...)...)
}

func (p *shParser) script(inSub bool) ([]*pipeline, error) {
	var out []*pipeline
	cur := &pipeline{line: p.line}
	var words []word
	endCmd := func() {
		if len(words) > 0 {
			cur.cmds = append(cur.cmds, words)
			words = nil
		}
	}
	endLine := func() {
		endCmd()
		if len(cur.cmds) > 0 {
			out = append(out, cur)
		}
		cur = &pipeline{line: p.line}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case c == ' ' || c == '\t':
			p.pos++
		case c == '\\' && p.peek(1) == '\n':
			p.pos += 2
			p.line++
		case c == '#':
			start := p.pos
			for p.pos < len(p.src) && p.src[p.pos] != '\n' {
				p.pos++
			}
			cur.comment = strings.TrimSpace(string(p.src[start+1 : p.pos]))
		case c == '\n' || c == ';':
			p.pos++
			endLine()
			if c == '\n' {
				p.line++
				cur.line = p.line
			}
		case c == '|' && p.peek(1) != '|':
			endCmd()
			if len(cur.cmds) == 0 {
				return nil, p.errorf("| without a command before it")
			}
			p.pos++
			for p.pos < len(p.src) && strings.ContainsRune(" \t\n", p.src[p.pos]) { // a pipe continues on the next line
				if p.src[p.pos] == '\n' {
					p.line++
				}
				p.pos++
			}
		case c == ')' && inSub:
			p.pos++
			endLine()
			return out, nil
		case strings.ContainsRune("|&<>()`{}", c):
			return nil, p.errorf("%q is more shell than the README test runs", c)
		default:
			w, err := p.word()
			if err != nil {
				return nil, err
			}
			words = append(words, w)
		}
	}
	if inSub {
		return nil, p.errorf("$( without its )")
	}
	endLine()
	return out, nil
}

func (p *shParser) word() (word, error) {
	var w word
	lit := func(s string) {
		if n := len(w); n > 0 && w[n-1].name == "" && w[n-1].sub == nil {
			w[n-1].lit += s
		} else {
			w = append(w, part{lit: s})
		}
	}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		switch {
		case strings.ContainsRune(" \t\n;|&<>()`", c):
			return w, nil
		case c == '\\':
			switch next := p.peek(1); next {
			case 0:
				return nil, p.errorf("\\ at the end of the block")
			case '\n':
				p.line++
			default:
				lit(string(next))
			}
			p.pos += 2
		case c == '\'':
			end := p.pos + 1
			for end < len(p.src) && p.src[end] != '\'' {
				end++
			}
			if end == len(p.src) {
				return nil, p.errorf("' without its closing '")
			}
			s := string(p.src[p.pos+1 : end])
			lit(s)
			p.line += strings.Count(s, "\n")
			p.pos = end + 1
		case c == '"':
			p.pos++
			closed := false
			for p.pos < len(p.src) && !closed {
				switch c := p.src[p.pos]; {
				case c == '"':
					closed = true
					p.pos++
				case c == '\\' && p.peek(1) == '\n':
					p.pos += 2
					p.line++
				case c == '\\' && strings.ContainsRune("\"\\$`", p.peek(1)):
					lit(string(p.peek(1)))
					p.pos += 2
				case c == '$':
					if err := p.dollar(&w, lit); err != nil {
						return nil, err
					}
				case c == '`':
					return nil, p.errorf("backquotes are more shell than the README test runs")
				default:
					if c == '\n' {
						p.line++
					}
					lit(string(c))
					p.pos++
				}
			}
			if !closed {
				return nil, p.errorf(`" without its closing "`)
			}
		case c == '$':
			if err := p.dollar(&w, lit); err != nil {
				return nil, err
			}
		default:
			lit(string(c))
			p.pos++
		}
	}
	return w, nil
}

var nameRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*`)

// dollar reads $NAME, ${NAME} or $( … ) at p.pos.
func (p *shParser) dollar(w *word, lit func(string)) error {
	switch p.peek(1) {
	case '(':
		p.pos += 2
		sub, err := p.script(true)
		if err != nil {
			return err
		}
		*w = append(*w, part{sub: sub})
		return nil
	case '{':
		end := p.pos + 2
		for end < len(p.src) && p.src[end] != '}' {
			end++
		}
		name := string(p.src[p.pos+2 : min(end, len(p.src))])
		if end == len(p.src) || !nameRE.MatchString(name) || nameRE.FindString(name) != name {
			return p.errorf("${…} other than ${NAME}")
		}
		*w = append(*w, part{name: name})
		p.pos = end + 1
		return nil
	}
	name := nameRE.FindString(string(p.src[p.pos+1 : min(p.pos+65, len(p.src))]))
	if name == "" {
		lit("$")
		p.pos++
		return nil
	}
	*w = append(*w, part{name: name})
	p.pos += 1 + len([]rune(name))
	return nil
}

// assignment splits NAME=value off the front of a word.
func assignment(w word) (name string, value word, ok bool) {
	if len(w) == 0 || w[0].name != "" || w[0].sub != nil {
		return "", nil, false
	}
	m := regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_]*)=`).FindStringSubmatch(w[0].lit)
	if m == nil {
		return "", nil, false
	}
	value = append(word{{lit: w[0].lit[len(m[0]):]}}, w[1:]...)
	return m[1], value, true
}

package accessible

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Kind is what a typed command asks for.
type Kind int

const (
	Next Kind = iota + 1
	Previous
	Goto          // N: a step number, from 1
	Repeat        // the current step again
	Contents      // the steps, by chapter, with progress
	Citations     // the citations of the current step
	Citation      // N: one citation, by its number
	Sources       // every source
	Source        // N: the quotes used from one source
	Disagreements // where the sources disagree
	Glossary
	Timeline
	WhatIf    // N: 0 lists the scenarios, else opens scenario N
	Apply     // N: work the walkthrough under identifier assumption N
	Quiz      // the questions of the current step's chapter
	QuizAgain // the same, with its answers cleared
	Search    // Arg: the words to find
	Follow    // follow the presenter, or stop following
	Export    // how to make a handout
	Help
	Quit
)

// Command is one parsed line.
type Command struct {
	Kind Kind
	N    int
	Arg  string
}

// ErrEmpty is an empty line.
var ErrEmpty = errors.New("empty line")

// maxNumber bounds a number typed after a command: anything larger names nothing, and is reported as
// out of range rather than overflowing.
const maxNumber = 1 << 20

// commandNames maps each name a command can be typed as (its one-letter form included) to its kind. The
// one-letter forms are those of the full-screen app's keys, so one set of letters serves both.
var commandNames = map[string]Kind{
	"n": Next, "next": Next,
	"p": Previous, "prev": Previous, "previous": Previous, "back": Previous,
	"r": Repeat, "repeat": Repeat, "again": Repeat,
	"t": Contents, "contents": Contents, "toc": Contents,
	"c": Citations, "citation": Citations, "citations": Citations, "cite": Citations,
	"s": Sources, "sources": Sources, "source": Sources,
	"d": Disagreements, "disagreements": Disagreements, "disagree": Disagreements,
	"i": Glossary, "glossary": Glossary,
	"y": Timeline, "timeline": Timeline,
	"w": WhatIf, "whatif": WhatIf, "what if": WhatIf, "what-if": WhatIf,
	"a": Apply, "apply": Apply,
	"x": Quiz, "quiz": Quiz,
	"/": Search, "search": Search, "find": Search,
	"f": Follow, "follow": Follow,
	"e": Export, "export": Export,
	"?": Help, "h": Help, "help": Help,
	"q": Quit, "quit": Quit, "exit": Quit, "bye": Quit,
	"step": Goto, "go": Goto,
}

// Parse reads one typed line. Case and surrounding spaces do not matter; a number after a command
// may follow it with or without a space ("c 17", "c17"). A bare number is a step.
func Parse(line string) (Command, error) {
	line = strings.Join(strings.Fields(strings.ToLower(line)), " ")
	if line == "" {
		return Command{}, ErrEmpty
	}
	if n, ok, err := number(line); ok {
		return Command{Kind: Goto, N: n}, err
	}
	// search takes the rest of the line as it is
	if rest, ok := strings.CutPrefix(line, "/"); ok {
		return search(rest)
	}
	name, rest, _ := strings.Cut(line, " ")
	if name == "what" && (rest == "if" || strings.HasPrefix(rest, "if ")) {
		name, rest = "what if", strings.TrimSpace(strings.TrimPrefix(rest, "if"))
	}
	kind, ok := commandNames[name]
	if !ok {
		// "c17", "s3": a command's name run together with its number
		i := strings.IndexFunc(name, unicode.IsDigit)
		if i > 0 {
			if k, known := commandNames[name[:i]]; known && rest == "" {
				switch k {
				case Citations:
					k = Citation
				case Sources:
					k = Source
				}
				if takesNumber(k) {
					kind, rest, name, ok = k, name[i:], name[:i], true
				}
			}
		}
		if !ok {
			return Command{}, fmt.Errorf("unknown command %q", firstWord(line))
		}
	}
	switch kind {
	case Search:
		return search(rest)
	case Quiz:
		switch rest {
		case "":
			return Command{Kind: Quiz}, nil
		case "again", "afresh", "restart":
			return Command{Kind: QuizAgain}, nil
		}
		return Command{}, fmt.Errorf("quiz takes no number: it asks the questions of this step's chapter (quiz again starts them afresh)")
	}
	// citations and sources alone list; with a number they open one
	switch {
	case kind == Citations && rest != "":
		kind = Citation
	case kind == Sources && rest != "":
		kind = Source
	}
	if !takesNumber(kind) {
		if rest != "" {
			return Command{}, fmt.Errorf("%s takes nothing after it", name)
		}
		return Command{Kind: kind}, nil
	}
	if rest == "" {
		switch kind {
		case WhatIf:
			return Command{Kind: WhatIf}, nil
		case Goto:
			return Command{}, fmt.Errorf("%s needs a step number, for example: %s 5", name, name)
		}
		return Command{}, fmt.Errorf("%s needs a number, for example: %s 1", name, name)
	}
	n, ok, err := number(rest)
	if !ok {
		return Command{}, fmt.Errorf("%s needs a number, not %q", name, rest)
	}
	return Command{Kind: kind, N: n}, err
}

func takesNumber(k Kind) bool {
	switch k {
	case Goto, Citation, Source, WhatIf, Apply:
		return true
	}
	return false
}

func search(rest string) (Command, error) {
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return Command{}, errors.New("search for what? Type search and a word, for example: search face")
	}
	return Command{Kind: Search, Arg: rest}, nil
}

// number reads s as a whole number. ok says it is one (digits only); err says it is too large.
func number(s string) (n int, ok bool, err error) {
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false, nil
	}
	n, err = strconv.Atoi(s)
	if err != nil || n > maxNumber {
		return maxNumber + 1, true, fmt.Errorf("%s is far too large", shorten(s))
	}
	return n, true, nil
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return shorten(w)
}

// shorten keeps what is echoed back of a typed line short: a pasted page must not come back whole.
func shorten(s string) string {
	const most = 24
	r := []rune(s)
	if len(r) > most {
		return string(r[:most]) + "…"
	}
	return s
}

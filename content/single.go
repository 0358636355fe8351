package content

import (
	"io/fs"
	"strings"
)

// SingleSource is a claim that rests on one source only, so that the app can say so.
type SingleSource struct {
	Claim string `yaml:"claim"`
	Quote string `yaml:"quote"`
	Note  string `yaml:"note"`
	Line  int    `yaml:"-"`
}

func (l *loader) loadSingleSource() {
	const file = "single-source.yaml"
	if _, err := fs.Stat(l.fsys, file); err != nil {
		return // optional
	}
	data := l.read(file)
	if data == nil {
		return
	}
	var doc struct {
		SingleSource []SingleSource `yaml:"single_source"`
	}
	root := l.decodeYAML(file, data, 0, &doc)
	lines := seqLines(root, "single_source", 0)
	for i, s := range doc.SingleSource {
		s.Line = lineAt(lines, i)
		if strings.TrimSpace(s.Claim) == "" || strings.TrimSpace(s.Note) == "" {
			l.fail(file, s.Line, "a single-source claim needs a claim and a note")
		}
		l.checkCites(file, s.Line, "single-source claim", []string{s.Quote})
		l.w.SingleSource = append(l.w.SingleSource, s)
	}
}

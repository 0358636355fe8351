package content

// Reading YAML so that every problem can be reported with its file and line.

import (
	"errors"
	"io/fs"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var yamlLine = regexp.MustCompile(`line (\d+)`)

// decodeYAML decodes data strictly (unknown fields are errors) into v, and also returns the node tree
// so that list entries can be given their line numbers. offset is added to every line: front matter
// starts on the second line of its file.
func (l *loader) decodeYAML(file string, data []byte, offset int, v any) *yaml.Node {
	// Parse once into a node tree (parsing is most of the loader's cost), check the field names
	// against v's type ourselves, then decode from the tree.
	var root yaml.Node
	err := yaml.Unmarshal(data, &root)
	if err == nil {
		if unknown := unknownFields(&root, reflect.TypeOf(v)); len(unknown) > 0 {
			for _, u := range unknown {
				l.fail(file, u.line+offset, "field %s not found in a %s", u.name, u.in)
			}
			return nil
		}
		err = root.Decode(v)
	}
	if err != nil {
		var te *yaml.TypeError
		msgs := []string{err.Error()}
		if errors.As(err, &te) {
			msgs = te.Errors
		}
		for _, msg := range msgs {
			msg = strings.TrimPrefix(msg, "yaml: ")
			line := 0
			if m := yamlLine.FindStringSubmatch(msg); m != nil {
				n, _ := strconv.Atoi(m[1])
				line = n + offset
				// The line is reported in front of the message; drop it from the text.
				msg = strings.TrimPrefix(strings.Replace(msg, m[0], "", 1), ": ")
			}
			msg = strings.ReplaceAll(msg, " in type content.", " in a ")
			l.fail(file, line, "%s", msg)
		}
		return nil
	}
	return &root
}

type unknownField struct {
	name, in string
	line     int
}

// unknownFields walks a node tree beside the Go type it will be decoded into and reports every
// mapping key the type has no yaml field for: a misspelt key must not be silently ignored.
func unknownFields(n *yaml.Node, t reflect.Type) []unknownField {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) > 0 {
			return unknownFields(n.Content[0], t)
		}
	case yaml.SequenceNode:
		if t.Kind() == reflect.Slice {
			var out []unknownField
			for _, c := range n.Content {
				out = append(out, unknownFields(c, t.Elem())...)
			}
			return out
		}
	case yaml.MappingNode:
		if t.Kind() != reflect.Struct {
			return nil
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			fields[name] = f.Type
		}
		var out []unknownField
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			ft, ok := fields[k.Value]
			if !ok {
				in := strings.ToLower(t.Name())
				if in == "" {
					in = "top-level list"
				}
				out = append(out, unknownField{name: k.Value, in: in, line: k.Line})
				continue
			}
			out = append(out, unknownFields(n.Content[i+1], ft)...)
		}
		return out
	}
	return nil
}

// seqLines returns the line of each entry of the list under key in a YAML mapping document.
func seqLines(root *yaml.Node, key string, offset int) []int {
	var lines []int
	for _, n := range seqOf(root, key) {
		lines = append(lines, n.Line+offset)
	}
	return lines
}

// seqOf returns the entries of the list under key in a YAML mapping document.
func seqOf(root *yaml.Node, key string) []*yaml.Node {
	if seq := valueOf(mappingOf(root), key); seq != nil && seq.Kind == yaml.SequenceNode {
		return seq.Content
	}
	return nil
}

// mappingOf returns the top mapping of a YAML document node.
func mappingOf(root *yaml.Node) *yaml.Node {
	if root == nil || len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return nil
	}
	return root.Content[0]
}

// valueOf returns the value node under key in a mapping node.
func valueOf(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// keyLine is the line of key in a mapping node, or 0.
func keyLine(m *yaml.Node, key string) int {
	if m == nil || m.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return 0
}

func lineAt(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

func (l *loader) read(name string) []byte {
	data, err := fs.ReadFile(l.fsys, name)
	if err != nil {
		l.fail(name, 0, "cannot read: %v", errors.Unwrap(err))
		return nil
	}
	return data
}

package accessible

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		line string
		want Command
	}{
		{"n", Command{Kind: Next}},
		{"  NEXT  ", Command{Kind: Next}},
		{"p", Command{Kind: Previous}},
		{"previous", Command{Kind: Previous}},
		{"5", Command{Kind: Goto, N: 5}},
		{"step 5", Command{Kind: Goto, N: 5}},
		{"go 12", Command{Kind: Goto, N: 12}},
		{"0", Command{Kind: Goto, N: 0}},
		{"t", Command{Kind: Contents}},
		{"contents", Command{Kind: Contents}},
		{"c", Command{Kind: Citations}},
		{"citations", Command{Kind: Citations}},
		{"c 17", Command{Kind: Citation, N: 17}},
		{"c17", Command{Kind: Citation, N: 17}},
		{"citation 17", Command{Kind: Citation, N: 17}},
		{"s", Command{Kind: Sources}},
		{"sources", Command{Kind: Sources}},
		{"source 3", Command{Kind: Source, N: 3}},
		{"s3", Command{Kind: Source, N: 3}},
		{"d", Command{Kind: Disagreements}},
		{"i", Command{Kind: Glossary}},
		{"glossary", Command{Kind: Glossary}},
		{"y", Command{Kind: Timeline}},
		{"w", Command{Kind: WhatIf}},
		{"what if", Command{Kind: WhatIf}},
		{"What If 2", Command{Kind: WhatIf, N: 2}},
		{"w 2", Command{Kind: WhatIf, N: 2}},
		{"w2", Command{Kind: WhatIf, N: 2}},
		{"apply 3", Command{Kind: Apply, N: 3}},
		{"x", Command{Kind: Quiz}},
		{"quiz again", Command{Kind: QuizAgain}},
		{"/ face scan", Command{Kind: Search, Arg: "face scan"}},
		{"/face", Command{Kind: Search, Arg: "face"}},
		{"search 网号", Command{Kind: Search, Arg: "网号"}},
		{"f", Command{Kind: Follow}},
		{"e", Command{Kind: Export}},
		{"?", Command{Kind: Help}},
		{"h", Command{Kind: Help}},
		{"help", Command{Kind: Help}},
		{"q", Command{Kind: Quit}},
		{"quit", Command{Kind: Quit}},
		{"r", Command{Kind: Repeat}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.line)
		if err != nil || got != tt.want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.line, got, err, tt.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	tests := []struct{ line, says string }{
		{"", "empty"},
		{"   ", "empty"},
		{"jump", `unknown command "jump"`},
		{"c seventeen", "needs a number"},
		{"step", "needs a step number"},
		{"search", "search for what"},
		{"/", "search for what"},
		{"next 3", "takes nothing after it"},
		{"quiz 2", "quiz takes no number"},
		{"99999999999999999999999", "far too large"},
		{"c 99999999999999999999", "far too large"},
		{"-3", `unknown command "-3"`},
	}
	for _, tt := range tests {
		got, err := Parse(tt.line)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want an error saying %q", tt.line, got, tt.says)
			continue
		}
		if !strings.Contains(err.Error(), tt.says) {
			t.Errorf("Parse(%q) error %q, want it to say %q", tt.line, err, tt.says)
		}
	}
	if _, err := Parse(""); !errors.Is(err, ErrEmpty) {
		t.Errorf("an empty line is %v, want ErrEmpty", err)
	}
}

// An unknown command is echoed back short: a pasted page does not come back whole.
func TestParseEchoesShort(t *testing.T) {
	_, err := Parse(strings.Repeat("x", 5000))
	if err == nil || len(err.Error()) > 100 {
		t.Errorf("error for a 5000-character word: %q", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"n", "c 17", "c17", "what if 2", "/ face", "search", "99999999999999999999", "s3x", "w", "\x00", "第 5", "step -1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		cmd, err := Parse(line)
		if err != nil {
			if err.Error() == "" || !utf8.ValidString(err.Error()) && utf8.ValidString(line) {
				t.Fatalf("Parse(%q): an unreadable error %q", line, err)
			}
			return
		}
		if cmd.Kind < Next || cmd.Kind > Quit {
			t.Fatalf("Parse(%q) = unknown kind %d", line, cmd.Kind)
		}
		if cmd.N < 0 || cmd.N > maxNumber {
			t.Fatalf("Parse(%q) = number %d outside 0..%d", line, cmd.N, maxNumber)
		}
		if cmd.Kind == Search && strings.TrimSpace(cmd.Arg) == "" {
			t.Fatalf("Parse(%q) = a search for nothing", line)
		}
		if cmd.Kind != Search && cmd.Arg != "" {
			t.Fatalf("Parse(%q) = %+v: an argument on a command that takes none", line, cmd)
		}
	})
}

func TestSpokenMark(t *testing.T) {
	tests := map[string]string{
		"[17]":           "citation 17",
		"[3–5]":          "citations 3 to 5",
		"[1,4]":          "citations 1 and 4",
		"[1,18–20,31]":   "citations 1, 18 to 20 and 31",
		"[1,2,3,4,5,66]": "citations 1, 2, 3, 4, 5 and 66",
		"nothing":        "nothing",
		"[]":             "[]",
	}
	for in, want := range tests {
		if got := SpokenMark(in); got != want {
			t.Errorf("SpokenMark(%q) = %q, want %q", in, got, want)
		}
	}
}

// Marks are read as words, joined to the word before them, and no bracket is left.
func TestSpoken(t *testing.T) {
	got := wrap(spoken("You present your credential.[2][3] Then[4–6] more [1,4]."), 200)
	want := "You present your credential. (citation 2) (citation 3) Then (citations 4 to 6) more (citations 1 and 4)."
	if len(got) != 1 || got[0] != want {
		t.Errorf("spoken = %q\nwant    %q", got, want)
	}
}

// Wrapping measures display width: a Chinese character takes two columns, and a passage with no
// spaces is broken inside.
func TestWrapWidths(t *testing.T) {
	text := "“选择证件类型,在手机NFC区域识读本人身份证核验身份信息后,进入本人人脸识别环节”" +
		" and https://example.com/a-very-long-address-that-cannot-break-at-a-space-anywhere-at-all " + spoken("word[1,18–20,31]")
	for _, w := range []int{MinWidth, 33, 40, 80} {
		for _, l := range wrap(text, w) {
			if displayWidth(l) > w {
				t.Errorf("at width %d a line is %d wide: %q", w, displayWidth(l), l)
			}
		}
	}
}

package main

import (
	"fmt"
	"io"
	"regexp"

	mcobra "github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/ui"
)

// manCmd writes the man page. fang has a man command of its own, built on the same mango-cobra; this
// one replaces it (fang.WithoutManpage) only to add the sections a terminal app's page should have
// (KEYS, FILES, ENVIRONMENT) and to mend one mango slip, below.
func manCmd(out io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:                   "man",
		Short:                 "Write the man page (roff) to standard output",
		Hidden:                true,
		DisableFlagsInUseLine: true,
		Args:                  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
			if err != nil {
				return err
			}
			doc := roff.NewDocument()
			page.Build(doc)
			// mango's sections are one escaped paragraph each; a key list reads better as roff's tagged
			// paragraphs, written on after mango's part with the same roff document.
			manSection(doc, "Keys", manKeys())
			manSection(doc, "Files", [][2]string{
				{"$XDG_STATE_HOME/cyberid/progress.json", "The self-study progress: the steps visited and the answers given " +
					"(~/.local/state/cyberid/progress.json when XDG_STATE_HOME is not set). cyberid reset deletes it; " +
					"--no-save keeps none. Nothing else is written, except what export -o and serve are asked to write."},
			})
			manSection(doc, "Environment", [][2]string{
				{"CYBERID_THEME", "The colour theme when --theme is not given: auto, dark, light or high-contrast."},
				{"NO_COLOR", "Any value: a screen without colour that keeps every mark."},
				{"XDG_STATE_HOME, HOME", "Where the progress file lives."},
			})
			_, err = fmt.Fprint(out, shortFlags(doc.String()))
			return err
		},
	}
}

// manSection writes a section of tagged paragraphs: a term in bold, its text indented below.
func manSection(doc *roff.Document, name string, items [][2]string) {
	doc.Section(name)
	for _, it := range items {
		doc.TaggedParagraph(-1)
		doc.TextBold(it[0])
		doc.EndSection()
		doc.Text(it[1])
	}
}

// manKeys lists every key of the walkthrough from the key map the screens use, so the page cannot
// drift from the app.
func manKeys() [][2]string {
	var out [][2]string
	for _, group := range ui.DefaultKeyMap().FullHelp() {
		for _, b := range group {
			if h := b.Help(); h.Key != "" {
				out = append(out, [2]string{h.Key, h.Desc})
			}
		}
	}
	return out
}

// doubledShort matches mango's rendering of a flag with a shorthand: it prints "--f --format" for
// -f/--format (mango v0.1.0 gives the shorthand the long prefix). Upstream, the shorthand would take
// a single dash; until then the page is mended here.
var doubledShort = regexp.MustCompile(`\\fB--([A-Za-z0-9]) --([A-Za-z0-9-]+)\\fP`)

func shortFlags(page string) string {
	return doubledShort.ReplaceAllString(page, `\fB-$1, --$2\fP`)
}

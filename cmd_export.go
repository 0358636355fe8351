package main

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/export"
	"github.com/cyberid/cyberid/flow"
)

// exportCmd writes the whole walkthrough as a handout, to standard output or to a file.
func exportCmd() *cobra.Command {
	var (
		format, output, identifier    string
		force, withAnswers, withNotes bool
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the whole walkthrough as a handout: Markdown, printable HTML, plain text or JSON",
		Long: "export writes every step of the walkthrough, with its narrative, its three panes, the diagram of " +
			"who sends what and its citations, then the disagreements, the glossary, the timeline and the " +
			"numbered sources. Formats: md (GitHub-flavoured Markdown), html (one self-contained, printable " +
			"file), txt (plain text at 80 columns) and json (the walkthrough as data).\n\n" +
			"Without -o it writes to standard output. Without --format the format follows the file's extension " +
			"(.md, .html, .txt, .json); any other extension is an error unless --format says which. A file is written atomically, and an existing file is only " +
			"replaced with --force.",
		Example: "  cyberid export --format html -o handout.html\n" +
			"  cyberid export -o handout.md            # the format follows the extension\n" +
			"  cyberid export --format json | jq '.steps[].title'",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			format = strings.ToLower(format)
			if !cmd.Flags().Changed("format") && output != "" && output != "-" {
				f, ok := formatFromName(output)
				if !ok {
					return fmt.Errorf("%s: cannot tell the format from the extension %q: name the file .md, .html, "+
						".txt or .json, or say which with --format (%s). For a PDF, export html and print it "+
						"from a browser", output, filepath.Ext(output), strings.Join(export.Formats(), ", "))
				}
				format = f
			}
			if !export.Known(format) {
				return fmt.Errorf("unknown format %q: use one of %s", format, strings.Join(export.Formats(), ", "))
			}
			if withAnswers && !slices.Contains(export.QuestionFormats, format) {
				return fmt.Errorf("--with-answers works with %s, not %s", strings.Join(export.QuestionFormats, ", "), format)
			}
			mode, ok := flow.ParseIdentifierMode(identifier)
			if !ok {
				return fmt.Errorf("unknown --identifier %q: use %s", identifier, identifierNames())
			}
			w, err := walkthroughFor(cmd)
			if err != nil {
				return err
			}
			opts := export.Options{Assumptions: flow.Assumptions{Identifier: mode}, WithAnswers: withAnswers, WithNotes: withNotes}
			write := func(out io.Writer) error { return export.Write(out, w, format, opts) }
			if output == "" || output == "-" {
				return write(cmd.OutOrStdout())
			}
			return export.WriteFile(output, force, write)
		},
	}
	cmd.Flags().StringVarP(&format, "format", "f", "md", "handout format: "+strings.Join(export.Formats(), ", "))
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it already exists")
	cmd.Flags().BoolVar(&withNotes, "with-notes", false, "add each step's presenter notes (prompts for the class, with their citations)")
	cmd.Flags().BoolVar(&withAnswers, "with-answers", false, "add the check-your-understanding questions and an answer key, before the sources (html, md, txt)")
	cmd.Flags().StringVar(&identifier, "identifier", flow.ResultOnly.Name(),
		"what platforms see at login: "+identifierNames()+"; the default is the case a source states, the others are what-ifs")
	return cmd
}

// identifierNames lists the --identifier values, the default first.
func identifierNames() string {
	names := []string{flow.ResultOnly.Name()}
	for _, m := range flow.IdentifierModes {
		if m != flow.ResultOnly {
			names = append(names, m.Name())
		}
	}
	return strings.Join(names, ", ")
}

// formatFromName picks the format a file name's extension asks for. An extension it does not know
// (handout.pdf) is not a format: guessing Markdown would write a file its name misdescribes.
func formatFromName(name string) (string, bool) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return "md", true
	case ".html", ".htm":
		return "html", true
	case ".txt", ".text":
		return "txt", true
	case ".json":
		return "json", true
	}
	return "", false
}

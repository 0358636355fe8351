package main

// A teacher's own content: `content init` and `content check`, and --content DIR for every command.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/export"
)

// contentFlagName is the root's persistent flag that every command reads its walkthrough from.
const contentFlagName = "content"

// contentDir is --content as given to cmd or to any command above it; "" means the built-in content.
func contentDir(cmd *cobra.Command) string {
	if f := cmd.Flag(contentFlagName); f != nil {
		return f.Value.String()
	}
	return ""
}

// loadContent is the one place every command gets its walkthrough from: the built-in content, or a
// teacher's folder (--content DIR). A folder with problems is refused whole, every problem listed.
func loadContent(dir string) (*content.Walkthrough, error) {
	if dir == "" {
		return content.Load()
	}
	w, err := content.LoadDir(dir)
	var cerr *content.Error
	if errors.As(err, &cerr) {
		return nil, problemList{dir: dir, problems: cerr.Problems}
	}
	return w, err
}

// walkthroughFor loads the walkthrough the command line asks for (--content).
func walkthroughFor(cmd *cobra.Command) (*content.Walkthrough, error) {
	return loadContent(contentDir(cmd))
}

// problemList is a content folder's problems, every one on its own line as file:line: what is wrong.
type problemList struct {
	dir      string
	problems []content.Problem
}

func (e problemList) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s is not valid content (%s):", e.dir, plural(len(e.problems), "problem"))
	for _, p := range e.problems {
		b.WriteString("\n" + p.String())
	}
	return b.String()
}

// Unwrap gives the problems as the content package's error, for a reader that lists them itself (the
// footer under --watch).
func (e problemList) Unwrap() error { return &content.Error{Problems: e.problems} }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func contentCmd(out io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "content",
		Short: "Make, check and use your own copy of the walkthrough (for teachers)",
		Long: "content helps you adapt the walkthrough without programming: init writes the built-in " +
			"walkthrough out as text files, you edit them, check says what is wrong with them, and " +
			"--content DIR runs every command (the walkthrough, export, serve) from them.",
		Example: "# a copy to edit\n" +
			"cyberid content init my-class\n" +
			"# after editing: every problem as file:line\n" +
			"cyberid content check my-class\n" +
			"# run it, reloading whenever you save a file\n" +
			"cyberid --content my-class --watch",
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(contentInitCmd(out), contentCheckCmd(out))
	return cmd
}

func contentInitCmd(out io.Writer) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "init DIR",
		Short: "Write the built-in walkthrough out as files to edit",
		Long: "init writes the built-in walkthrough into DIR as the same editable files the program is built " +
			"from (steps, quotes, sources, disagreements, glossary, timeline, scenarios, questions), with a " +
			"README.md on how to edit them. DIR must be new or empty; --force writes into a folder that is not, " +
			"replacing the files of the same names and leaving every other file alone.",
		Example: "cyberid content init my-class",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			n, err := initContent(dir, force)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "Wrote %s to %s. Next: edit them, then run\n  cyberid content check %s\n  cyberid --content %s\n",
				plural(n, "file"), dir, dir, dir)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "write into a folder that is not empty, replacing files of the same names")
	return cmd
}

// initContent writes the built-in files and the teacher's README into dir and returns how many it
// wrote. Without force it writes nothing unless dir is new or empty; each file is written atomically.
func initContent(dir string, force bool) (int, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0 && !force:
		return 0, fmt.Errorf("%s is not empty: init writes into a new or empty folder (--force writes into it, "+
			"replacing files of the same names)", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		if info, serr := os.Stat(dir); serr == nil && !info.IsDir() {
			return 0, fmt.Errorf("%s is a file, not a folder", dir)
		}
		return 0, err
	}
	files := content.Files()
	type file struct {
		name string
		data []byte
	}
	var all []file
	for _, name := range content.FileNames() {
		data, err := fs.ReadFile(files, name)
		if err != nil {
			return 0, err
		}
		all = append(all, file{name, data})
	}
	all = append(all, file{"README.md", content.TeacherReadme})
	for _, f := range all {
		path := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return 0, err
		}
		err := export.WriteFile(path, force, func(w io.Writer) error {
			_, err := w.Write(f.data)
			return err
		})
		if err != nil {
			return 0, err
		}
	}
	return len(all), nil
}

func contentCheckCmd(out io.Writer) *cobra.Command {
	var sources string
	cmd := &cobra.Command{
		Use:   "check DIR",
		Short: "Check a content folder: every problem as file:line: what is wrong",
		Long: "check reads DIR as every command would with --content DIR and prints every problem it finds, one " +
			"a line, as file:line: what is wrong; it exits with status 1 if there is any.\n\n" +
			"With --sources it also checks that every quote is character for character in the text of its " +
			"source: the file that the source's file: field names, in the --sources folder (keep the articles " +
			"there as plain text). Quotes whose source names no file are counted, not checked.",
		Example: "cyberid content check my-class\n" +
			"cyberid content check my-class --sources my-articles",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return checkContent(out, args[0], sources)
		},
	}
	cmd.Flags().StringVar(&sources, "sources", "", "folder of the sources' texts: check every quote against them, word for word")
	return cmd
}

// checkContent prints every problem in dir (and, with a sources folder, every quote that is not
// verbatim there) and fails if there is one.
func checkContent(out io.Writer, dir, sources string) error {
	if sources != "" {
		if info, err := os.Stat(sources); err != nil || !info.IsDir() {
			return fmt.Errorf("--sources %s is not a folder", sources)
		}
	}
	w, err := loadContent(dir)
	var list problemList
	if errors.As(err, &list) {
		for _, p := range list.problems {
			fmt.Fprintln(out, p)
		}
		return fmt.Errorf("%s: %s", dir, plural(len(list.problems), "problem"))
	}
	if err != nil {
		return err
	}
	summary := fmt.Sprintf("%s: %s, %s, %s", dir, plural(len(w.Steps), "step"), plural(len(w.Quotes), "quote"),
		plural(len(w.Questions), "question"))
	if sources == "" {
		fmt.Fprintln(out, summary+": no problems")
		return nil
	}
	problems, unchecked := content.CheckVerbatim(w, os.DirFS(sources), content.SourceFile)
	for _, p := range (&content.Error{Problems: problems}).In(dir).Problems {
		fmt.Fprintln(out, p)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s", dir, plural(len(problems), "problem"))
	}
	summary += ": no problems; every quote whose source names a file is word for word in it"
	if unchecked > 0 {
		summary += fmt.Sprintf(" (%d not checked: their sources name no file)", unchecked)
	}
	fmt.Fprintln(out, summary)
	return nil
}

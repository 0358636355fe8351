package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/progress"
	"github.com/cyberid/cyberid/ui"
)

// loadProgress reads the self-study state for a local run and gives the ui a way to save it. main owns
// this I/O; the ui only calls Save from a command. --no-save keeps nothing; --fresh starts over and
// leaves the file alone until the learner makes progress. A file that cannot be read is reported in
// one line in the footer and ignored.
func loadProgress(fresh, noSave bool, getenv func(string) string) ui.Progress {
	if noSave {
		return ui.Progress{}
	}
	path, err := progress.DefaultPath(getenv)
	if err != nil {
		return ui.Progress{Notice: "progress not kept: " + err.Error()}
	}
	p := ui.Progress{Save: func(s progress.State) error { return progress.Save(path, s) }}
	if fresh {
		return p
	}
	st, err := progress.Load(path)
	p.State = st
	if err != nil {
		p.Notice = err.Error()
	}
	return p
}

func resetCmd(in io.Reader, out io.Writer) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "reset",
		Short: "Delete your saved progress (visited steps and answers), after asking",
		Long: "reset deletes the file that keeps your self-study progress: the steps you have visited and " +
			"your answers. It asks first; --yes deletes without asking. Without a terminal to ask on, it " +
			"refuses unless --yes is given. To start over without deleting anything, run cyberid --fresh.",
		// fang styles each example line as a command and "# " lines as comments.
		Example: "# ask, then delete\n" +
			"cyberid reset\n" +
			"# delete without asking\n" +
			"cyberid reset --yes",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := progress.DefaultPath(os.Getenv)
			if err != nil {
				return err
			}
			return runReset(in, out, path, yes, isTerminalReader(in))
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "delete without asking")
	return cmd
}

// runReset deletes the state file at path after a y on the terminal, or at once with yes.
func runReset(in io.Reader, out io.Writer, path string, yes, interactive bool) error {
	if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(out, "No saved progress to delete (%s does not exist).\n", path)
		return nil
	}
	if !yes {
		if !interactive {
			return fmt.Errorf("not deleting %s: there is no terminal to ask on; run cyberid reset --yes to delete it", path)
		}
		fmt.Fprintf(out, "Delete your saved progress in %s? [y/N] ", path)
		line, _ := bufio.NewReader(in).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(out, "Kept it.")
			return nil
		}
	}
	if _, err := progress.Remove(path); err != nil {
		return err
	}
	fmt.Fprintf(out, "Deleted %s.\n", path)
	return nil
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

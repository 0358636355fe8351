// Command cyberid is a terminal walkthrough of China's national Cyberspace ID: what the platform sees,
// what the central database holds and where the risks lie, every fact cited. This file wires the
// parts together (content, lesson pages, the UI, the handouts) and holds no logic of its own.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/accessible"
	"github.com/cyberid/cyberid/content"
	"github.com/cyberid/cyberid/export"
	"github.com/cyberid/cyberid/ui"
)

func main() {
	holdGC(startupGCHold)
	if err := fang.Execute(context.Background(), rootCmd(os.Stdin, os.Stdout), versionOptions()...); err != nil {
		os.Exit(1)
	}
}

// startupGCHold is how long start-up keeps the garbage collector waiting: well past the first frame.
const startupGCHold = 100 * time.Millisecond

// holdGC keeps the garbage collector from starting a cycle for a while. Start-up allocates about
// 4 MB (the runtime's first GC goal) in a few milliseconds, so a cycle began just as the first frame
// was being drawn and delayed it by 3–4 ms. Afterwards the usual setting returns and the deferred
// cycle runs while the reader reads. A GOGC the user set to off or above the hold's is left alone.
func holdGC(d time.Duration) {
	const held = 400
	old := debug.SetGCPercent(held)
	if old < 0 || old >= held {
		debug.SetGCPercent(old)
		return
	}
	time.AfterFunc(d, func() { debug.SetGCPercent(old) })
}

// oneLineError prints an error as one plain line (a list of content problems keeps its own lines), so
// that a mistyped flag reads like any other Unix tool's complaint.
func oneLineError(w io.Writer, _ fang.Styles, err error) {
	msg := err.Error()
	if strings.HasPrefix(msg, "unknown flag") || strings.HasPrefix(msg, "unknown shorthand flag") {
		msg += " (try --help)"
	}
	fmt.Fprintln(w, "cyberid: "+msg)
}

// versionOptions reads the module version and commit that the Go toolchain stamped into the binary.
func versionOptions() []fang.Option {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return []fang.Option{fang.WithErrorHandler(oneLineError), fang.WithoutManpage()}
	}
	version := info.Main.Version
	if version == "" || version == "(devel)" {
		version = "dev"
	}
	opts := []fang.Option{fang.WithVersion(version), fang.WithErrorHandler(oneLineError), fang.WithoutManpage()}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 7 {
			opts = append(opts, fang.WithCommit(s.Value[:7]))
		}
	}
	return opts
}

type rootFlags struct {
	step          string
	theme         string
	fresh, noSave bool   // self-study progress (cmd_progress.go)
	content       string // --content DIR: a teacher's copy of the content (cmd_content.go)
	watch         bool   // --watch: reload --content DIR when its files change (watch.go)
	accessible    bool   // the line-by-line conversation (cmd_accessible.go)
}

func rootCmd(in io.Reader, out io.Writer) *cobra.Command {
	var f rootFlags
	cmd := &cobra.Command{
		Use: "cyberid",
		// Short is also the man page's header, between CYBERID(1) and CYBERID(1): it fits 80 columns.
		Short: "China's Cyberspace ID, step by step, every fact cited",
		Long: "cyberid walks through China's national Cyberspace ID (国家网络身份认证): enrolment, logging in, " +
			"and what goes wrong. Each step shows what the platform sees, what the central database holds and " +
			"where the risks lie, with every fact cited to the news articles it comes from.\n\n" +
			"When standard output is not a terminal, it prints the whole walkthrough as plain text.",
		// fang styles each example line as a command and "# " lines as comments.
		Example: "# the walkthrough (--theme high-contrast for a projector)\n" +
			"cyberid\n" +
			"# start at a step: its number or its id\n" +
			"cyberid --step login-a\n" +
			"# the whole walkthrough as text\n" +
			"cyberid | less\n" +
			"# your own copy of the content, reloaded as you edit it (see: cyberid content)\n" +
			"cyberid --content my-class --watch",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.watch && f.content == "" {
				return errors.New("--watch reloads a content folder: give it with --content DIR")
			}
			theme, err := chooseTheme(f.theme, os.Getenv("CYBERID_THEME"))
			if err != nil {
				return err
			}
			load := func() (*content.Walkthrough, int, error) {
				w, err := loadContent(f.content)
				if err != nil {
					return nil, 0, err
				}
				start, err := parseStep(w, f.step)
				return w, start, err
			}
			if wantsAccessible(f.accessible, os.Getenv) {
				if f.watch {
					return errors.New("--watch reloads the full-screen walkthrough; with --accessible, start again to read an edited copy")
				}
				w, start, err := load()
				if err != nil {
					return err
				}
				var prog accessible.Progress
				if f.content == "" { // as below: a teacher's copy keeps no progress
					prog = accessible.Progress(loadProgress(f.fresh, f.noSave, os.Getenv))
				}
				return runAccessible(cmd.Context(), w, start, prog, in, out)
			}
			if !isTerminal(out) {
				w, start, err := load()
				if err != nil {
					return err
				}
				return export.Write(out, w, "txt", export.Options{From: start})
			}
			// The walkthrough loads while bubbletea sets the terminal up (ui.Loading); a reload that
			// --watch sends meanwhile is queued and handed over once it has loaded.
			loading := ui.NewLoading(func() (*content.Walkthrough, ui.Options, error) {
				w, start, err := load()
				opts := ui.Options{Start: start, Theme: theme, Suspendable: true, ContentLabel: f.content}
				// Progress is kept for the built-in walkthrough only: a teacher's copy has other steps
				// and questions under the same ids, and must not overwrite a learner's saved state.
				if f.content == "" {
					opts.Progress = loadProgress(f.fresh, f.noSave, os.Getenv)
				}
				return w, opts, err
			})
			p := newProgram(cmd.Context(), loading, in, out)
			if f.watch {
				ctx, stop := context.WithCancel(cmd.Context())
				defer stop()
				go func() {
					if err := watchContent(ctx, f.content, p.Send); err != nil {
						p.Send(ui.ContentMsg{Err: err})
					}
				}()
			}
			_, err = p.Run()
			if err := loading.Err(); err != nil {
				return err
			}
			return tuiError(err)
		},
	}
	cmd.Flags().StringVar(&f.step, "step", "", "start at a step: its number (from 1) or its id")
	cmd.PersistentFlags().StringVar(&f.content, contentFlagName, "", "read the walkthrough from DIR, a folder made by `cyberid content init` (every command)")
	cmd.Flags().BoolVar(&f.watch, "watch", false, "with --content: reload when a file in DIR changes, on the same step")
	cmd.Flags().BoolVar(&f.accessible, "accessible", false, "for screen readers and braille displays: a line-by-line conversation, nothing redrawn (or set ACCESSIBLE=1)")
	cmd.Flags().StringVar(&f.theme, "theme", "", "colour theme: auto, dark, light or high-contrast (or set CYBERID_THEME)")
	cmd.AddCommand(serveCmd())
	cmd.AddCommand(exportCmd())
	cmd.AddCommand(resetCmd(in, out))
	cmd.AddCommand(manCmd(out))
	cmd.AddCommand(contentCmd(out))
	cmd.Flags().BoolVar(&f.fresh, "fresh", false, "start over: ignore saved progress (the file is replaced once you make progress; see reset)")
	cmd.Flags().BoolVar(&f.noSave, "no-save", false, "keep no progress: neither read nor write the state file")
	addFlagCompletions(cmd)
	return cmd
}

// chooseTheme reads --theme, else CYBERID_THEME; a bad value is named with where it came from, since
// a variable set long ago in a shell profile is easy to forget.
func chooseTheme(flag, env string) (ui.Theme, error) {
	name, from := flag, "--theme"
	if name == "" {
		name, from = env, "CYBERID_THEME"
	}
	theme, ok := ui.ParseTheme(name)
	if !ok {
		return theme, fmt.Errorf("unknown theme %q in %s: use auto, dark, light or high-contrast", name, from)
	}
	return theme, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// parseStep reads --step: a 1-based number or a step id. The zero value means the first step.
func parseStep(w *content.Walkthrough, s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 1 || n > len(w.Steps) {
			return 0, fmt.Errorf("no step %d: steps run from 1 to %d", n, len(w.Steps))
		}
		return n - 1, nil
	}
	if i, ok := w.StepIndex(s); ok {
		return i, nil
	}
	var ids []string
	for _, st := range w.Steps {
		ids = append(ids, st.ID)
	}
	return 0, fmt.Errorf("unknown step %q: use a number from 1 to %d or one of %s", s, len(w.Steps), strings.Join(ids, ", "))
}

// tuiError is what the user is told when the walkthrough ends with err: one line (fang adds
// "cyberid: " and exits 1), or nothing for a quit, a signal or a cancelled context.
func tuiError(err error) error {
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		// bubbletea has printed the panic and its stack above, on the restored screen.
		return errors.New("stopped by a bug; its report is above")
	case errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, context.Canceled):
		return nil
	}
	return err
}

// frameRate is how often bubbletea's renderer may draw: at 120 a key's frame waits at most 8.3 ms
// for the renderer's next tick, half a 60 Hz frame.
const frameRate = 120

// runTUI runs the walkthrough full-screen on out, a terminal. bubbletea does the terminal's work:
// raw mode, resizes, and giving the terminal back at the end or on a panic (which it reports, and
// which comes back as tea.ErrProgramPanic).
func runTUI(ctx context.Context, m tea.Model, in io.Reader, out io.Writer) (tea.Model, error) {
	return newProgram(ctx, m, in, out).Run()
}

// newProgram is the bubbletea program runTUI runs, for a caller that also sends it messages.
func newProgram(ctx context.Context, m tea.Model, in io.Reader, out io.Writer) *tea.Program {
	opts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithOutput(out), tea.WithFPS(frameRate)}
	// Standard input piped in (cyberid < notes.txt) is not where keys come from: left to itself,
	// bubbletea reads them from the terminal instead.
	if f, ok := in.(*os.File); !ok || term.IsTerminal(f.Fd()) {
		opts = append(opts, tea.WithInput(in))
	}
	return tea.NewProgram(m, opts...)
}

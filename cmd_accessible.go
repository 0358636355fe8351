package main

import (
	"context"
	"io"
	"os"
	"strconv"

	"github.com/charmbracelet/x/term"

	"github.com/cyberid/cyberid/accessible"
	"github.com/cyberid/cyberid/content"
)

// wantsAccessible says whether to hold the line-by-line conversation instead of the full-screen app:
// --accessible, or ACCESSIBLE set to a true value, as charmbracelet/huh reads it.
func wantsAccessible(flag bool, getenv func(string) string) bool {
	if flag {
		return true
	}
	on, _ := strconv.ParseBool(getenv("ACCESSIBLE"))
	return on
}

// runAccessible holds the conversation on the terminal (or pipe) as it is: the terminal keeps its
// own line editing and echo, and nothing is drawn over anything.
func runAccessible(ctx context.Context, w *content.Walkthrough, start int, p accessible.Progress, in io.Reader, out io.Writer) error {
	return accessible.Run(ctx, w, in, out, accessible.Options{Start: start, Width: terminalWidth(out), Progress: p,
		EchoInput: !isTerminalReader(in)})
}

// terminalWidth reads the width of out each time it is asked, so that a resized window is honoured
// from the next line on; not a terminal: $COLUMNS, else the default.
func terminalWidth(out io.Writer) func() int {
	fallback := accessible.DefaultWidth
	if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil && n > 0 {
		fallback = n
	}
	f, ok := out.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return func() int { return fallback }
	}
	return func() int {
		if w, _, err := term.GetSize(f.Fd()); err == nil && w > 0 {
			return w
		}
		return fallback
	}
}

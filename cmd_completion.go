package main

import (
	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/content"
)

// themeCompletions are the --theme values, with the descriptions zsh and fish show beside them.
var themeCompletions = []string{
	"auto\tfollow the terminal's background (the default)",
	"dark\tlight text on a dark background",
	"light\tdark text on a light background",
	"high-contrast\tfor projectors: black and white, marks in bold and underline",
}

// addFlagCompletions teaches `cyberid completion` the values of --theme and --step, on the root and on
// every subcommand that has them. It runs after the subcommands are added.
func addFlagCompletions(cmd *cobra.Command) {
	for _, c := range append([]*cobra.Command{cmd}, cmd.Commands()...) {
		if c.Flags().Lookup("theme") != nil {
			_ = c.RegisterFlagCompletionFunc("theme", cobra.FixedCompletions(themeCompletions, cobra.ShellCompDirectiveNoFileComp))
		}
		if c.Flags().Lookup("step") != nil {
			_ = c.RegisterFlagCompletionFunc("step", completeSteps)
		}
	}
}

// completeSteps offers the step ids, each described by its title.
func completeSteps(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	w, err := content.Load()
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	ids := make([]string, 0, len(w.Steps))
	for _, s := range w.Steps {
		ids = append(ids, s.ID+"\t"+s.Title)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"charm.land/log/v2"
	"github.com/spf13/cobra"

	"github.com/cyberid/cyberid/serve"
	"github.com/cyberid/cyberid/ui"
)

type serveFlags struct {
	listen         string
	hostKey        string
	presenterKeys  string
	maxSessions    int
	maxConnections int
	maxPerAddress  int
	startTimeout   time.Duration
	idleTimeout    time.Duration
	maxSessionTime time.Duration
	theme          string
	content        string // --content DIR, from the root (cmd_content.go)
}

// serveCmd is `cyberid serve`: the walkthrough over SSH for a classroom.
func serveCmd() *cobra.Command {
	f := serveFlags{listen: serve.DefaultListen, maxSessions: serve.DefaultMaxSessions, idleTimeout: serve.DefaultIdleTimeout,
		startTimeout: serve.DefaultStartTimeout, maxSessionTime: serve.DefaultMaxSessionTime}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the walkthrough over SSH for a classroom; the audience follows the presenter",
		Long: "serve runs an SSH server that gives every connection its own walkthrough, sized and coloured for " +
			"its terminal. A connection that authenticates with a key from --presenter-keys is the presenter; " +
			"everyone else is audience and follows the presenter's step (f toggles following). Without " +
			"presenter keys every session is independent.\n\n" +
			"Only the walkthrough is served: no shell, exec, sftp or forwarding. Nothing about the people " +
			"who connect is kept; the log has counts only.",
		Example: "  cyberid serve --presenter-keys ~/.ssh/id_ed25519.pub          # on loopback, port 2222\n" +
			"  cyberid serve --listen 0.0.0.0:2222 --presenter-keys keys.txt  # the whole room\n" +
			"  ssh -p 2222 HOST                                              # what students type",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.content = contentDir(cmd)
			return runServe(cmd.Context(), cmd.OutOrStdout(), f)
		},
	}
	cmd.Flags().StringVar(&f.listen, "listen", f.listen, "address to listen on (loopback by default; 0.0.0.0:2222 for the whole network)")
	cmd.Flags().StringVar(&f.hostKey, "host-key", "", "host key file, made on first run (default: cyberid/ssh_host_ed25519_key in the user config directory)")
	cmd.Flags().StringVar(&f.presenterKeys, "presenter-keys", "", "authorized_keys file: a connection with one of these keys is the presenter")
	cmd.Flags().IntVar(&f.maxSessions, "max-sessions", f.maxSessions, "most audience sessions at once (a presenter always gets in)")
	cmd.Flags().IntVar(&f.maxConnections, "max-connections", 0, "most open connections at once, signed in or not (default: 2 × --max-sessions + 10)")
	cmd.Flags().IntVar(&f.maxPerAddress, "max-per-address", 0, "most connections at once, and sessions a minute, from one address (0: no limit; for the open internet, not a classroom behind one NAT address)")
	cmd.Flags().DurationVar(&f.startTimeout, "start-timeout", f.startTimeout, "close a connection that has not started the walkthrough this long after connecting")
	cmd.Flags().DurationVar(&f.idleTimeout, "idle-timeout", f.idleTimeout, "end a session after this long without a key press or presenter move (0: never)")
	cmd.Flags().DurationVar(&f.maxSessionTime, "max-session-time", f.maxSessionTime, "end any session after this long (0: never)")
	cmd.Flags().StringVar(&f.theme, "theme", "", "colour theme: auto, dark, light or high-contrast")
	return cmd
}

func runServe(ctx context.Context, out io.Writer, f serveFlags) error {
	// Everything is checked before anything is bound or written.
	if err := serve.CheckListen(f.listen); err != nil {
		return err
	}
	if f.maxSessions < 1 {
		return fmt.Errorf("--max-sessions must be at least 1, not %d", f.maxSessions)
	}
	if f.maxConnections != 0 && f.maxConnections <= f.maxSessions {
		return fmt.Errorf("--max-connections must be more than --max-sessions (%d), not %d", f.maxSessions, f.maxConnections)
	}
	if f.maxPerAddress < 0 {
		return fmt.Errorf("--max-per-address must not be negative, not %d", f.maxPerAddress)
	}
	if f.startTimeout <= 0 {
		return fmt.Errorf("--start-timeout must be more than 0, not %s", f.startTimeout)
	}
	if f.idleTimeout < 0 {
		return fmt.Errorf("--idle-timeout must not be negative, not %s", f.idleTimeout)
	}
	if f.maxSessionTime < 0 {
		return fmt.Errorf("--max-session-time must not be negative, not %s", f.maxSessionTime)
	}
	theme, ok := ui.ParseTheme(f.theme)
	if !ok {
		return fmt.Errorf("unknown theme %q: use auto, dark, light or high-contrast", f.theme)
	}
	hostKey := f.hostKey
	if hostKey == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("no user config directory for the host key (%v): pass --host-key FILE", err)
		}
		hostKey = filepath.Join(dir, "cyberid", "ssh_host_ed25519_key")
	}
	var keys []serve.PresenterKey
	if f.presenterKeys != "" {
		var err error
		if keys, err = serve.ReadPresenterKeys(f.presenterKeys); err != nil {
			return err
		}
	}
	w, err := loadContent(f.content)
	if err != nil {
		return err
	}
	logger := log.NewWithOptions(os.Stderr, log.Options{ReportTimestamp: true, TimeFormat: time.TimeOnly, Prefix: "cyberid serve"})

	// The port first: a host key is made only once the server can run.
	ln, err := serve.Listen(f.listen)
	if err != nil {
		return err
	}
	defer ln.Close()
	if warn := serve.ListenWarning(f.listen); warn != "" {
		logger.Warn(warn)
	}
	if len(keys) == 0 {
		logger.Info("no presenter keys: every session is independent")
	}
	srv, err := serve.New(serve.Config{
		Walkthrough:    w,
		ContentLabel:   f.content,
		HostKeyPath:    hostKey,
		PresenterKeys:  keys,
		MaxSessions:    f.maxSessions,
		MaxConnections: f.maxConnections,
		MaxPerAddress:  f.maxPerAddress,
		StartTimeout:   f.startTimeout,
		IdleTimeout:    f.idleTimeout,
		MaxSessionTime: f.maxSessionTime,
		Theme:          theme,
		Logger:         logger,
	})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	for _, l := range serve.JoinLines(ln.Addr(), f.presenterKeys, srv.HostKeyFingerprint) {
		fmt.Fprintln(out, l)
	}
	return srv.Serve(ctx, ln)
}

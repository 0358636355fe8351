package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// PresenterKey is one line of the presenters file: a key, and the authorized_keys options it came
// with that limit it.
type PresenterKey struct {
	Key gossh.PublicKey
	// From, when set, is the from="..." pattern list: the key makes the presenter only from an
	// address it matches.
	From []addrPattern
	// Expires, when not zero, is the expiry-time="..." option: the key makes the presenter only before.
	Expires time.Time
}

// PresenterKeyOf is a key without options.
func PresenterKeyOf(k gossh.PublicKey) PresenterKey { return PresenterKey{Key: k} }

// allows says whether the key makes the presenter for a connection from addr at time now.
func (p PresenterKey) allows(addr net.Addr, now time.Time) bool {
	if !p.Expires.IsZero() && !now.Before(p.Expires) {
		return false
	}
	if p.From == nil {
		return true
	}
	return matchAddr(p.From, hostOf(addr))
}

// ReadPresenterKeys reads an authorized_keys file: one public key a line, with optional options before
// it and a comment after it; blank lines and lines starting with # are skipped. Errors are one line
// and name the file and the line.
func ReadPresenterKeys(path string) ([]PresenterKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("presenter keys: %w", err)
	}
	return ParsePresenterKeys(path, data)
}

// ParsePresenterKeys parses authorized_keys text; name is used in errors. Every option is either
// honoured or refused with the line it is on: an option silently dropped could let a key present
// from where its owner meant to forbid it.
func ParsePresenterKeys(name string, data []byte) ([]PresenterKey, error) {
	var keys []PresenterKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, _, opts, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: not a public key in authorized_keys format (a line like \"ssh-ed25519 AAAAC3Nza... name\", as in a .pub file)", name, n)
		}
		pk, err := applyOptions(k, opts)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s", name, n, err)
		}
		keys = append(keys, pk)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%s: no public keys in this file: add the presenter's key (the line in its .pub file)", name)
	}
	return keys, nil
}

// applyOptions honours a line's options or says why it cannot.
func applyOptions(k gossh.PublicKey, opts []string) (PresenterKey, error) {
	pk := PresenterKey{Key: k}
	restrict, pty := false, false
	for _, o := range opts {
		name, value, hasValue := strings.Cut(o, "=")
		switch strings.ToLower(name) {
		case "from":
			pats, err := parseFrom(unquote(value))
			if !hasValue || err != nil {
				return pk, fmt.Errorf("from=%s: %v", value, err)
			}
			pk.From = pats
		case "expiry-time":
			t, err := parseExpiry(unquote(value))
			if err != nil {
				return pk, fmt.Errorf("expiry-time=%s: %v", value, err)
			}
			pk.Expires = t
		case "restrict":
			restrict = true
		case "pty":
			pty = true
		case "no-port-forwarding", "no-agent-forwarding", "no-x11-forwarding", "no-user-rc":
			// Forbidden to every session already.
		case "no-pty":
			return pk, fmt.Errorf("no-pty: the walkthrough needs a terminal, so this key could never present; remove no-pty")
		default:
			return pk, fmt.Errorf("option %s is not supported (cyberid serve honours from=, expiry-time=, restrict with pty, and the no-*-forwarding options): remove it", o)
		}
	}
	if restrict && !pty {
		return pk, fmt.Errorf("restrict forbids a terminal, which the walkthrough needs: write restrict,pty")
	}
	return pk, nil
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = strings.ReplaceAll(s[1:len(s)-1], `\"`, `"`)
	}
	return s
}

// addrPattern is one pattern of a from= list: an address with * and ? wildcards, or a CIDR block,
// either of which may be negated with !.
type addrPattern struct {
	negate bool
	glob   string
	block  *net.IPNet
}

// parseFrom reads a from= pattern list. Host names are refused: matching them would mean looking
// up every connecting address, and the server makes no requests of its own.
func parseFrom(list string) ([]addrPattern, error) {
	if strings.TrimSpace(list) == "" {
		return nil, fmt.Errorf("no addresses")
	}
	var pats []addrPattern
	for _, p := range strings.Split(list, ",") {
		var ap addrPattern
		p = strings.TrimSpace(p)
		if ap.negate = strings.HasPrefix(p, "!"); ap.negate {
			p = p[1:]
		}
		if strings.Contains(p, "/") {
			_, block, err := net.ParseCIDR(p)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address block like 10.0.0.0/24", p)
			}
			ap.block = block
		} else {
			if p == "" || strings.Trim(p, "0123456789abcdefABCDEF.:*?") != "" ||
				(p != "*" && !strings.ContainsAny(p, ".:")) {
				return nil, fmt.Errorf("%q is not an address pattern: give addresses (10.0.0.5, 10.0.0.*, 10.0.0.0/24), not host names, which the server does not look up", p)
			}
			ap.glob = strings.ToLower(p)
		}
		pats = append(pats, ap)
	}
	return pats, nil
}

// matchAddr is OpenSSH's rule for a pattern list: no negated pattern matches, and some other does.
func matchAddr(pats []addrPattern, host string) bool {
	ip := net.ParseIP(host)
	if ip4 := ip.To4(); ip4 != nil {
		ip, host = ip4, ip4.String()
	}
	host = strings.ToLower(host)
	matched := false
	for _, p := range pats {
		var m bool
		if p.block != nil {
			m = ip != nil && p.block.Contains(ip)
		} else {
			m, _ = path.Match(p.glob, host)
		}
		if m && p.negate {
			return false
		}
		matched = matched || m
	}
	return matched
}

// parseExpiry reads OpenSSH's YYYYMMDD[HHMM[SS]] in local time, or in UTC with a Z after it.
func parseExpiry(s string) (time.Time, error) {
	loc := time.Local
	if t, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = t, time.UTC
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(s)]
	if !ok {
		return time.Time{}, fmt.Errorf("want YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS")
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("want YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS")
	}
	return t, nil
}

// shortErr keeps an error to its first line, without the "ssh: " prefix.
func shortErr(err error) string {
	s := strings.TrimPrefix(err.Error(), "ssh: ")
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

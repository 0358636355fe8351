package serve

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// JoinLines are what the server prints once it is ready: the exact commands students and the
// presenter type, and the host key fingerprint their ssh shows the first time. addr is where the
// server listens; presenterKeys is the presenters file ("" without one).
func JoinLines(addr net.Addr, presenterKeys, fingerprint string) []string {
	hosts, port := joinHosts(addr)
	ssh := "ssh "
	if port != 22 {
		ssh += "-p " + strconv.Itoa(port) + " "
	}
	lines := []string{fmt.Sprintf("cyberid serve is ready on %s", addr)}
	for i, h := range hosts {
		label := "students type:   "
		if i > 0 {
			label = "              or: "
		}
		lines = append(lines, "  "+label+ssh+h)
	}
	// For a screen reader or a braille display: the walkthrough as lines, not a full screen.
	lines = append(lines, "  screen readers:  "+ssh+"-t "+hosts[0]+" "+accessibleCommand)
	if presenterKeys != "" {
		if priv, ok := privateKeyBeside(presenterKeys); ok {
			lines = append(lines, "  presenter types: "+ssh+"-i "+priv+" "+hosts[0])
		} else {
			lines = append(lines, "  presenter types: "+ssh+"-i KEY "+hosts[0],
				"                  (KEY: the private key file of a key in "+presenterKeys+")")
		}
	}
	lines = append(lines, "  host key:        "+fingerprint+" (ssh shows it the first time: it must be this)")
	return lines
}

// joinHosts are the addresses to type: the one listened on, or, when listening on every
// interface, this machine's addresses that others can reach.
func joinHosts(addr net.Addr) ([]string, int) {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return []string{addr.String()}, 22
	}
	if !tcp.IP.IsUnspecified() {
		return []string{tcp.IP.String()}, tcp.Port
	}
	var hosts []string
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() || ipn.IP.IsMulticast() {
				continue
			}
			if ipn.IP.To4() == nil && tcp.IP.To4() != nil {
				continue // listening on 0.0.0.0: IPv4 only
			}
			hosts = append(hosts, ipn.IP.String())
		}
	}
	if len(hosts) == 0 {
		hosts = []string{"127.0.0.1"}
	}
	return hosts, tcp.Port
}

// privateKeyBeside is the private key file of a presenters file that is a .pub, when it is there.
func privateKeyBeside(pub string) (string, bool) {
	priv, ok := strings.CutSuffix(pub, ".pub")
	if !ok {
		return "", false
	}
	if info, err := os.Stat(priv); err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	return priv, true
}

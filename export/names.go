package export

import "github.com/cyberid/cyberid/flow"

func partyLabel(s string) string { return flow.PartyLabel(flow.Party(s)) }

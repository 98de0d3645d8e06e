package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"reliefledger/access"
)

// runUsers is `reliefd users create`: operators create users (and their
// first token) without going through the API.
func runUsers(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(stderr, "usage: reliefd users create --name NAME --role ROLE [--district CODE] [--token-name NAME] [--expires 720h]")
		return 2
	}
	fs := flag.NewFlagSet("users create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "admin, fund_officer, approver, district_officer, auditor or supervisor")
	district := fs.String("district", "", "district code, for a district_officer")
	tokenName := fs.String("token-name", "cli", "what the first token is for")
	expires := fs.Duration("expires", 0, "token lifetime, e.g. 720h; none when 0")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd users:", err)
		return 1
	}
	defer a.close()
	u, _, err := a.users.Create(ctx, access.UserInput{Name: *name, Role: access.Role(*role), District: *district}, nil)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd users create:", err)
		return 1
	}
	var exp *time.Time
	if *expires > 0 {
		t := time.Now().Add(*expires).UTC()
		exp = &t
	}
	tok, secret, _, err := a.users.CreateToken(ctx, u.ID, *tokenName, exp, nil)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd users create: token:", err)
		return 1
	}
	fmt.Fprintf(stdout, "created user %d %q (%s) with token %d; the token, shown only this once:\n%s\n", u.ID, u.Name, u.Role, tok.ID, secret)
	return 0
}

package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"reliefledger/access"
	"reliefledger/api"
	"reliefledger/audit"
	"reliefledger/internal/proxy"
	"reliefledger/web"
)

// stdin is where --password-stdin reads; tests replace it.
var stdin io.Reader = os.Stdin

const usersUsage = `usage: reliefd users create --name NAME --role ROLE [--district CODE] [--username U --password-stdin] [--token-name NAME] [--expires 720h] [--no-token]
       reliefd users password --username U [--id N] --password-stdin`

// runUsers is `reliefd users create|password`: operators create users
// (and their first token, or a password to sign in with) and reset
// passwords without going through the API. A password is only ever read
// from standard input: a flag would show in the process list and the
// shell's history.
func runUsers(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "create" && args[0] != "password") {
		fmt.Fprintln(stderr, usersUsage)
		return 2
	}
	if args[0] == "password" {
		return runUsersPassword(ctx, cfg, args[1:], stdout, stderr)
	}
	fs := flag.NewFlagSet("users create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the person's name")
	role := fs.String("role", "", "admin, fund_officer, approver, district_officer, auditor or supervisor")
	district := fs.String("district", "", "district code, for a district_officer")
	username := fs.String("username", "", "username to sign in with (with --password-stdin)")
	pwStdin := fs.Bool("password-stdin", false, "read the password to sign in with from standard input (one line)")
	tokenName := fs.String("token-name", "cli", "what the first token is for")
	expires := fs.Duration("expires", 0, "token lifetime, e.g. 720h; none when 0")
	noToken := fs.Bool("no-token", false, "create no API token (staff who only sign in)")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if *pwStdin != (*username != "") {
		fmt.Fprintln(stderr, "reliefd users create: --username and --password-stdin go together")
		return 2
	}
	var password string
	if *pwStdin {
		var err error
		if password, err = readPassword(stdin); err != nil {
			fmt.Fprintln(stderr, "reliefd users create:", err)
			return 2
		}
		if err := access.CheckPasswordRule(password, access.NormalizeUsername(*username)); err != nil {
			fmt.Fprintln(stderr, "reliefd users create:", err)
			return 1
		}
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd users", err, 1)
	}
	defer a.close()
	u, _, err := a.users.Create(ctx, access.UserInput{Name: *name, Username: *username, Role: access.Role(*role), District: *district}, nil)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd users create:", err)
		return 1
	}
	if *pwStdin {
		if _, err := a.users.SetPassword(ctx, u.ID, "", password); err != nil {
			fmt.Fprintln(stderr, "reliefd users create: password:", err)
			return 1
		}
	}
	if *noToken {
		fmt.Fprintf(stdout, "created user %d %q (%s), who signs in as %q\n", u.ID, u.Name, u.Role, u.Username)
		return 0
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

// runUsersPassword is `reliefd users password`: set or reset a password,
// which signs the user out everywhere.
func runUsersPassword(ctx context.Context, cfg config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("users password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	username := fs.String("username", "", "the user's username (with --id: the username to give them)")
	id := fs.Int64("id", 0, "the user's id, for a user who has no username yet")
	pwStdin := fs.Bool("password-stdin", false, "read the new password from standard input (one line)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !*pwStdin || (*username == "" && *id == 0) {
		fmt.Fprintln(stderr, usersUsage)
		return 2
	}
	password, err := readPassword(stdin)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd users password:", err)
		return 2
	}
	log, _ := cfg.logger(stderr)
	a, err := open(ctx, cfg, log)
	if err != nil {
		return openFailed(stderr, "reliefd users", err, 1)
	}
	defer a.close()
	userID, newName := *id, *username
	if userID == 0 {
		u, err := a.users.ByUsername(ctx, *username)
		if err != nil {
			fmt.Fprintln(stderr, "reliefd users password:", err)
			return 1
		}
		userID, newName = u.ID, ""
	}
	u, err := a.users.SetPassword(ctx, userID, newName, password)
	if err != nil {
		fmt.Fprintln(stderr, "reliefd users password:", err)
		return 1
	}
	fmt.Fprintf(stdout, "set the password of user %d %q (%s), who signs in as %q; their sessions are ended\n", u.ID, u.Name, u.Role, u.Username)
	return 0
}

// readPassword reads one line: the password, without its line ending.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input")
	}
	return line, nil
}

// auditSignIn records sign-in events in the audit log, as the API records
// its writes: the route is the event (signin, signout,
// signout-everywhere), the status its outcome (200; 401 wrong username or
// password; 423 locked; 429 too many attempts from the address).
func auditSignIn(log *audit.Log) func(context.Context, access.Event) error {
	return func(ctx context.Context, e access.Event) error {
		return log.Write(ctx, audit.Record{UserID: e.UserID, Role: string(e.Role), Method: "POST", Route: e.Action, Path: "/" + e.Action,
			Target: e.Target, Status: e.Status, ClientIP: e.ClientIP})
	}
}

// webSignIn is the pages' sign-in over the app's sessions, showing each
// role what the API's route table lets it do.
func (a *app) webSignIn(cfg config) *web.SignIn {
	return &web.SignIn{Sessions: a.sessions, Users: a.users, Proxies: cfg.proxies(),
		Routes: func(role access.Role) []web.RouteLink {
			var out []web.RouteLink
			for _, r := range api.RoutesFor(role) {
				out = append(out, web.RouteLink{Method: r.Method, Path: r.Path, Tag: r.Tag})
			}
			return out
		}}
}

// proxies is RELIEF_TRUSTED_PROXIES (checked at start by config.check).
func (c config) proxies() proxy.Trusted {
	t, _ := proxy.Parse(c.TrustedProxies)
	return t
}

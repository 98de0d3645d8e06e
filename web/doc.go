// Package web is reliefledger's face: server-rendered HTML pages, in the
// same binary as the API and over the same domain services. The API's
// route and permission tables stay the one source of truth for the API;
// this package has its own small page table (routes.go).
//
// The pages are plain HTML with html/template and one stylesheet, all
// embedded (go:embed): no CDN, no JavaScript build, every page readable
// and usable without JavaScript (plain GET forms). Vietnamese is the
// default language; ?lang=en switches to English and a cookie remembers
// it. Every text comes from the shared translation table internal/i18n
// (the web's texts are in internal/i18n/table_web.go).
//
// # Adding a page
//
//  1. Write the handler in its own file (one file per page or group of
//     pages, e.g. signin.go): parse the request, call the domain, then
//     s.render(w, r, http.StatusOK, "name", data). Bad input renders the
//     page again with a message (s.render with a status of 400), never a
//     500; a missing thing is s.notFound(w, r).
//  2. Write its template, templates/name.html. It defines "title" and
//     "content" (and optionally "head"); the layout (templates/layout.html)
//     wraps them with the header, language switch, sign-in link and footer.
//     Pieces several pages share go in templates/_name.html (e.g. the
//     charts' legend in _chart.html); every page can use them.
//     Inside, "." is a *View: .Data is what the handler passed, and
//     .T "key", .F "key" args…, .Money, .Num, .Date, .Count format in the
//     request's language (use $.T inside range and with).
//  3. Add a row to the table in routes.go: method, path (net/http
//     ServeMux pattern, e.g. "GET /r/{code}"), handler, and SignIn when
//     the page needs a signed-in user. Sign-in pages go in their marked
//     section of the table.
//  4. Add the texts to internal/i18n/table_web.go (keys "web.…"), or to
//     the lane's own table file; a key declared twice panics at start.
//  5. Test it: pages_test.go runs every page against a database with the
//     demo books on both backends (newFixture), and browser_test.go walks
//     them in headless chromium (phone and desktop screenshots, nothing
//     from another origin, under 150 KB).
//
// # Sign-in hook
//
// Server.Sessions is the hook for sessions (another file implements it).
// When it is nil nobody is signed in: pages with SignIn redirect to
// /login, and the header shows the "Sign in" link. When it is set, the
// layout shows the signed-in user's name linking to /account.
package web

// Package e2e holds the browser tests of the HTML pages (the RPJMD report
// and the analysis pages): they open the pages in headless Chromium
// through the DevTools protocol and check the map and the layout. They
// build only with the e2e tag: `make e2e` runs them.
package e2e

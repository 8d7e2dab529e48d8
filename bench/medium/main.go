// Command medium is the benchmark's mid-size program: a small HTTP service
// that touches the heavy parts of the standard library (net/http with TLS,
// encoding/json, database/sql, text/template, compress/gzip, regexp), so
// that a cold cross build compiles most of std for each target, as real
// services do. It uses no cgo and no third-party module.
package main

import (
	"compress/gzip"
	"crypto/tls"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"regexp"
	"text/template"
	"time"
)

const version = "bench-1"

var page = template.Must(template.New("page").Parse(
	`<h1>{{.Title}}</h1><p>served at {{.At.Format "15:04:05"}} by {{.Version}}</p>`))

var slug = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

type status struct {
	Version string    `json:"version"`
	At      time.Time `json:"at"`
	Drivers []string  `json:"sql_drivers"`
}

func main() {
	addr := flag.String("addr", "", "serve on this address (default: print status and exit)")
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("/status", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(status{version, time.Now(), sql.Drivers()})
	})
	mux.HandleFunc("/page/", func(w http.ResponseWriter, r *http.Request) {
		name := r.URL.Path[len("/page/"):]
		if !slug.MatchString(name) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		defer gz.Close()
		_ = page.Execute(gz, map[string]any{"Title": name, "At": time.Now(), "Version": version})
	})
	if *addr == "" {
		_ = json.NewEncoder(os.Stdout).Encode(status{version, time.Now().UTC(), sql.Drivers()})
		return
	}
	server := &http.Server{
		Addr:      *addr,
		Handler:   mux,
		TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12},
	}
	fmt.Fprintln(os.Stderr, "listening on", *addr)
	log.Fatal(server.ListenAndServe())
}

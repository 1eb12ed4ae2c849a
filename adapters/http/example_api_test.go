package http_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	kshttp "github.com/fairshops/konfliktservice/adapters/http"
	"github.com/fairshops/konfliktservice/adapters/memory"
	"github.com/fairshops/konfliktservice/complaint"
	"github.com/fairshops/konfliktservice/fairshops"
)

// A shop platform mounts the JSON API under /api/ in its own mux, beside
// its own pages, and lets its customers file complaints through it.
func ExampleNew() {
	ctx := context.Background()
	db := memory.New() // a platform would use adapters/sql on its own database
	reg, err := fairshops.NewRegistry(fairshops.RegistryConfig{Store: db.Shops(), Catalogue: fairshops.DefaultCatalogue()})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = reg.Register(ctx, fairshops.Shop{ID: "mein-shop", Name: "Mein Shop", Domain: "mein-shop.example",
		Seal: fairshops.Seal{Status: fairshops.Licensed},
		Bookings: []fairshops.Booking{{Module: fairshops.Beschwerdeservice, From: fairshops.MustDate("2024-01-01"),
			Purpose: fairshops.ExtraTrust}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	complaints, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Shops: reg})
	if err != nil {
		fmt.Println(err)
		return
	}
	api, err := kshttp.New(kshttp.Config{Registry: reg, Complaints: complaints})
	if err != nil {
		fmt.Println(err)
		return
	}

	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprint(w, "the platform's shop front") })
	srv := httptest.NewServer(mux)
	defer srv.Close()

	resp, err := http.Post(srv.URL+"/api/v1/shops/mein-shop/complaints", "application/json", strings.NewReader(
		`{"category":"delivery","order_date":"2024-03-01","order_value":{"amount":"19.99","currency":"EUR"},`+
			`"description":"Das Paket ist nicht angekommen.","contact":{"name":"Erika Muster","email":"erika@example.org"}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))

	resp, err = http.Get(srv.URL + "/")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	fmt.Println(string(page))
	// Output:
	// 201 application/json; charset=utf-8
	// the platform's shop front
}

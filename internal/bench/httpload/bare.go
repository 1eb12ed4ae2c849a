package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// bareIntake is the filing the load sends, decoded as plainly as it gets.
type bareIntake struct {
	Category   string `json:"category"`
	OrderDate  string `json:"order_date"`
	OrderValue struct {
		Amount   string `json:"amount"`
		Currency string `json:"currency"`
	} `json:"order_value"`
	Description       string `json:"description"`
	DesiredResolution string `json:"desired_resolution"`
	OrderRef          string `json:"order_ref"`
	Lang              string `json:"lang"`
	Contact           struct {
		Name  string `json:"name"`
		Email string `json:"email"`
	} `json:"contact"`
}

// bareSchema is the bare server's two tables, the same in both dialects
// but for the outbox sequence.
func bareSchema(postgres bool) []string {
	seq := "INTEGER PRIMARY KEY AUTOINCREMENT"
	if postgres {
		seq = "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY"
	}
	return []string{
		`CREATE TABLE IF NOT EXISTS bare_complaints (id TEXT PRIMARY KEY, shop_id TEXT NOT NULL, state TEXT NOT NULL,
			order_ref TEXT NOT NULL, contact_name TEXT NOT NULL, contact_email TEXT NOT NULL, facts TEXT NOT NULL,
			token_hash TEXT NOT NULL, created_at TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS bare_outbox (seq ` + seq + `, id TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
			subject TEXT NOT NULL, shop_id TEXT NOT NULL, occurred_at TEXT NOT NULL, data TEXT)`,
	}
}

// serveBare runs the bare server on 127.0.0.1:0 until SIGTERM, printing
// "listening on <addr>" when it accepts connections.
func serveBare(dsn string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	postgres := isPostgres(dsn)
	var db *sql.DB
	var err error
	conns := 16 // as sqlstore's PostgreSQL pool
	if postgres {
		db, err = sql.Open("pgx", dsn)
	} else {
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "synchronous(FULL)", "busy_timeout(5000)", "foreign_keys(1)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		db, err = sql.Open("sqlite", "file:"+(&url.URL{Path: dsn}).EscapedPath()+"?"+q.Encode())
		conns = 1 // one writer, one transaction per filing
	}
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	defer db.Close()
	for _, s := range bareSchema(postgres) {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("bare schema: %w", err)
		}
	}
	insComplaint := `INSERT INTO bare_complaints (id, shop_id, state, order_ref, contact_name, contact_email, facts,
		token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	insEvent := `INSERT INTO bare_outbox (id, type, subject, shop_id, occurred_at, data) VALUES (?, ?, ?, ?, ?, ?)`
	if postgres {
		insComplaint = `INSERT INTO bare_complaints (id, shop_id, state, order_ref, contact_name, contact_email, facts,
			token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
		insEvent = `INSERT INTO bare_outbox (id, type, subject, shop_id, occurred_at, data) VALUES ($1, $2, $3, $4, $5, $6)`
	}

	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/shops/{shop}/complaints", func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 256<<10))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		var in bareIntake
		if err := json.Unmarshal(body, &in); err != nil || in.Category == "" || in.Contact.Email == "" {
			http.Error(w, "invalid complaint", http.StatusUnprocessableEntity)
			return
		}
		facts, _ := json.Marshal(struct {
			Category    string `json:"category"`
			OrderDate   string `json:"order_date"`
			Amount      string `json:"amount"`
			Currency    string `json:"currency"`
			Description string `json:"description"`
			Resolution  string `json:"desired_resolution"`
		}{in.Category, in.OrderDate, in.OrderValue.Amount, in.OrderValue.Currency, in.Description, in.DesiredResolution})
		id, token, eventID := "c_"+randomID(16), randomID(32), "ev_"+randomID(16)
		tokenHash := sha256.Sum256([]byte(token))
		now := time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")
		shop := r.PathValue("shop")
		data, _ := json.Marshal(map[string]string{"complaint": id, "shop": shop, "state": "submitted", "category": in.Category})
		err = inTx(r.Context(), db, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(r.Context(), insComplaint, id, shop, "submitted", in.OrderRef, in.Contact.Name,
				in.Contact.Email, string(facts), hex.EncodeToString(tokenHash[:]), now); err != nil {
				return err
			}
			_, err := tx.ExecContext(r.Context(), insEvent, eventID, "complaint.submitted", id, shop, now, string(data))
			return err
		})
		if err != nil {
			http.Error(w, "store failed", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(map[string]string{"id": id, "token": token, "state": "submitted"})
	})

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	fmt.Printf("listening on %s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return errors.Join(err, tx.Rollback())
	}
	return tx.Commit()
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// isPostgres tells a PostgreSQL DSN from a SQLite path, as sqlstore.Open does.
func isPostgres(dsn string) bool {
	lower := strings.ToLower(strings.TrimSpace(dsn))
	return strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") ||
		strings.Contains(lower, "host=")
}

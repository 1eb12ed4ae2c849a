package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"time"

	// The two drivers, registered as "sqlite" and "pgx".
	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/fairshops/konfliktservice/fairshops"
)

// Errors that Open and New wrap (in a *fairshops.Error of the kind named)
// when a database cannot be used; test them with errors.Is.
var (
	// ErrSchemaTooNew (kind Conflict): the database was migrated by a newer
	// version of the program. Nothing is written; run the newer program.
	ErrSchemaTooNew = errors.New("database schema is newer than this program")
	// ErrForeign (kind Conflict): the SQLite file holds another
	// application's tables. Nothing is written; choose another file.
	ErrForeign = errors.New("database belongs to another application")
	// ErrCorrupt (kind Internal): the file is not a SQLite database, or a
	// damaged one. Nothing is written.
	ErrCorrupt = errors.New("not a database or corrupt")
	// ErrClosed (kind Internal): the DB was closed.
	ErrClosed = errors.New("database closed")
)

// DB is the SQL adapter: every store of the module on one database,
// SQLite or PostgreSQL. It is safe for concurrent use; Close it when done.
type DB struct {
	d     *dialect
	read  *sql.DB       // queries outside write transactions
	wpool *sql.DB       // write transactions (SQLite: one connection)
	owned []*sql.DB     // pools that Open created and Close closes
	w     *writer       // group commit; nil when writes run one per transaction
	ckpt  *checkpointer // SQLite opened by Open: background checkpoints
	stmts readStmts     // SQLite: prepared read statements
	log   *slog.Logger
	// ftsFrequent, when set, replaces the constant ftsFrequent (tests:
	// both plans of SQLite's word search on small data).
	ftsFrequent int
	// ftsWalk, when set, replaces the constant ftsWalk (tests: the walk of
	// SQLite's frequent-word plan giving up and falling back to the
	// lookups).
	ftsWalk int
	// ftsChunk, when set, replaces the constant ftsWalkChunk (tests: the
	// walk continuing after its own cursor on small data).
	ftsChunk int

	closeOnce sync.Once
}

// Synchronous is SQLite's synchronous setting: how hard a commit pushes
// the data to the disk before it is acknowledged.
type Synchronous string

// The synchronous settings the adapter offers.
const (
	// SyncFull (the default) syncs the write-ahead log on every commit: an
	// acknowledged write survives a crash of the process, the operating
	// system, or a power loss.
	SyncFull Synchronous = "FULL"
	// SyncNormal syncs only at checkpoints: faster, and an acknowledged
	// write survives a crash of the process, but the last commits before a
	// power loss or an OS crash may be lost (the file stays consistent).
	SyncNormal Synchronous = "NORMAL"
)

// Pool sizes a connection pool (see database/sql.DB's setters).
type Pool struct {
	MaxOpen     int           // connections open at most
	MaxIdle     int           // connections kept idle
	MaxLifetime time.Duration // a connection is replaced after this long (0: never)
	MaxIdleTime time.Duration // an idle connection is closed after this long (0: never)
}

type config struct {
	sync        Synchronous
	busyTimeout time.Duration
	readers     int
	pg          Pool
	groupCommit bool
	maxBatch    int
	logger      *slog.Logger
}

func defaults() config {
	return config{
		sync:        SyncFull,
		busyTimeout: 5 * time.Second,
		readers:     4,
		pg:          Pool{MaxOpen: 16, MaxIdle: 16, MaxLifetime: 30 * time.Minute, MaxIdleTime: 5 * time.Minute},
		maxBatch:    128,
		logger:      slog.New(slog.DiscardHandler),
	}
}

// configure applies opts to the defaults and checks the result, for op.
func configure(op string, opts []Option) (config, error) {
	cfg := defaults()
	for _, o := range opts {
		o(&cfg)
	}
	return cfg, cfg.check(op)
}

// Option changes how Open and New set up a DB.
type Option func(*config)

// WithSynchronous sets SQLite's synchronous setting (default SyncFull; see
// SyncNormal for what it risks).
func WithSynchronous(s Synchronous) Option { return func(c *config) { c.sync = s } }

// WithBusyTimeout sets how long a SQLite connection waits for a lock held
// by another process before it fails (default 5s).
func WithBusyTimeout(d time.Duration) Option { return func(c *config) { c.busyTimeout = d } }

// WithReaders sets the number of SQLite read connections (default 4);
// writes use one connection of their own.
func WithReaders(n int) Option { return func(c *config) { c.readers = n } }

// WithPostgresPool sizes the PostgreSQL pool (default 16 open, 16 idle,
// replaced after 30 minutes, closed after 5 idle minutes).
func WithPostgresPool(p Pool) Option { return func(c *config) { c.pg = p } }

// WithGroupCommit turns group commit on or off for PostgreSQL (default
// off: PostgreSQL groups concurrent commits into one WAL flush itself).
// SQLite always uses it: its one writer would otherwise pay one fsync per
// write.
func WithGroupCommit(on bool) Option { return func(c *config) { c.groupCommit = on } }

// WithMaxBatch caps the writes in one group commit (default 128).
func WithMaxBatch(n int) Option { return func(c *config) { c.maxBatch = n } }

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

func (c *config) check(op string) error {
	var p fairshops.Problems
	if c.sync != SyncFull && c.sync != SyncNormal {
		p.Add("synchronous", fairshops.ReasonUnknownValue, string(c.sync))
	}
	if c.busyTimeout < 0 {
		p.Add("busy_timeout", fairshops.ReasonNegative)
	}
	if c.readers < 1 {
		p.Add("readers", fairshops.ReasonTooSmall, 1)
	}
	if c.pg.MaxOpen < 1 {
		p.Add("pool.max_open", fairshops.ReasonTooSmall, 1)
	}
	switch {
	case c.pg.MaxIdle < 0:
		p.Add("pool.max_idle", fairshops.ReasonNegative)
	case c.pg.MaxIdle > c.pg.MaxOpen:
		p.Add("pool.max_idle", fairshops.ReasonTooLarge, c.pg.MaxOpen)
	}
	if c.pg.MaxLifetime < 0 {
		p.Add("pool.max_lifetime", fairshops.ReasonNegative)
	}
	if c.pg.MaxIdleTime < 0 {
		p.Add("pool.max_idle_time", fairshops.ReasonNegative)
	}
	if c.maxBatch < 1 {
		p.Add("max_batch", fairshops.ReasonTooSmall, 1)
	}
	if c.logger == nil {
		p.Add("logger", fairshops.ReasonRequired)
	}
	return p.Err(op)
}

// Open opens the database named by dsn, brings its schema up to date and
// returns a DB on it. A DSN that starts with postgres:// or postgresql://,
// or a key=value connection string with a host= field, is PostgreSQL;
// anything else is a SQLite file path or a file: URI (created if missing).
//
// Before it writes anything, Open checks that the database is empty or
// ours and not newer than the program: a file that is no SQLite database
// fails with ErrCorrupt, a SQLite file with other tables and no migration
// record with ErrForeign, a database migrated by a newer program with
// ErrSchemaTooNew; in every such case the database is left as it was.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	const op = "sqlstore.Open"
	cfg, err := configure(op, opts)
	if err != nil {
		return nil, err
	}
	if dialectOfDSN(dsn) == Postgres {
		return openPostgres(ctx, dsn, cfg)
	}
	t, err := parseSQLiteDSN(dsn)
	if err != nil {
		return nil, err
	}
	return openSQLite(ctx, t, cfg)
}

// New returns a DB on a pool the caller opened and configured (another
// driver, its own pragmas or pool sizes); it applies the migrations with the
// same checks as Open. The caller keeps ownership: Close does not close db.
// For SQLite, set WAL mode, synchronous, busy_timeout and foreign_keys on
// every connection of the pool yourself (see docs/adr-sql.md); writes go
// through the group commit, one batch at a time.
func New(ctx context.Context, db *sql.DB, d Dialect, opts ...Option) (*DB, error) {
	const op = "sqlstore.New"
	cfg, err := configure(op, opts)
	if err != nil {
		return nil, err
	}
	if db == nil {
		return nil, fairshops.E(op, fairshops.Invalid, "", "nil *sql.DB", nil)
	}
	dl, err := dialectOf(d)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		return nil, wrap(op, "", err)
	}
	if err := migrate(ctx, db, dl, cfg.logger); err != nil {
		return nil, err
	}
	out := &DB{d: dl, read: db, wpool: db, log: cfg.logger}
	if d == SQLite || cfg.groupCommit {
		out.w = newWriter(db, dl, cfg.maxBatch, nil)
	}
	return out, nil
}

func openPostgres(ctx context.Context, dsn string, cfg config) (*DB, error) {
	const op = "sqlstore.Open"
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fairshops.E(op, fairshops.Invalid, "", "malformed postgres dsn", err)
	}
	pool.SetMaxOpenConns(cfg.pg.MaxOpen)
	pool.SetMaxIdleConns(cfg.pg.MaxIdle)
	pool.SetConnMaxLifetime(cfg.pg.MaxLifetime)
	pool.SetConnMaxIdleTime(cfg.pg.MaxIdleTime)
	if err := pool.PingContext(ctx); err != nil {
		_ = pool.Close()
		return nil, fairshops.E(op, fairshops.Internal, "", "connect to postgres", err)
	}
	d := postgresDialect()
	if err := migrate(ctx, pool, d, cfg.logger); err != nil {
		_ = pool.Close()
		return nil, err
	}
	db := &DB{d: d, read: pool, wpool: pool, owned: []*sql.DB{pool}, log: cfg.logger}
	if cfg.groupCommit {
		db.w = newWriter(pool, db.d, cfg.maxBatch, nil)
	}
	return db, nil
}

// sqliteParams are the per-connection settings of a SQLite pool. Pragmas
// run on every new connection (modernc's _pragma DSN parameter), so no
// pooled connection ever misses one.
// writerCacheKiB is the SQLite writer connection's page cache.
const writerCacheKiB = 32 << 10

// readerMmapBytes is how much of the database file a SQLite reader maps
// (memory-mapped I/O): its pages are read from the operating system's page
// cache without a read system call and a copy each. A word search at a
// million complaints reads hundreds of pages that the readers' 2 MiB page
// caches do not hold; pread was a quarter of its CPU profile. Mapped pages
// count in the resident set only while touched and are the kernel's to
// drop (docs/adr-queue-search.md).
const readerMmapBytes = 1 << 30

func sqliteParams(cfg config, write bool) url.Values {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", cfg.busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	if write {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+string(cfg.sync)+")")
		// Savepoints (one per request of a group commit) copy each page
		// they change to a statement journal first; in memory that is a
		// copy, on a temporary file a write system call per page (a fifth
		// of the writer's time in the intake profile). It holds only what
		// the open transaction changed and never needs to survive a crash.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", fmt.Sprintf("wal_autocheckpoint(%d)", writerAutoCheckpoint))
		// The writer's page cache (SQLite's default is 2 MiB): random IDs
		// spread each batch over many index pages, and a page not cached
		// is a read system call (a tenth of the writer's time in the
		// intake profile once the database outgrew the default).
		q.Add("_pragma", fmt.Sprintf("cache_size(%d)", -writerCacheKiB))
		// BEGIN IMMEDIATE: take the write lock at the start, so that a
		// transaction never fails half-way to upgrade a read lock.
		q.Set("_txlock", "immediate")
	} else {
		q.Add("_pragma", "query_only(1)")
		q.Add("_pragma", fmt.Sprintf("mmap_size(%d)", readerMmapBytes))
	}
	return q
}

func openSQLite(ctx context.Context, t sqliteTarget, cfg config) (*DB, error) {
	const op = "sqlstore.Open"
	if err := probeSQLite(ctx, t, cfg); err != nil {
		return nil, err
	}
	wpool, err := sql.Open("sqlite", t.dsn(sqliteParams(cfg, true)))
	if err != nil {
		return nil, fairshops.E(op, fairshops.Invalid, t.path, "malformed sqlite dsn", err)
	}
	// One writer connection: SQLite has one writer at a time anyway, and
	// the group commit feeds it whole batches.
	wpool.SetMaxOpenConns(1)
	wpool.SetMaxIdleConns(1)
	wpool.SetConnMaxLifetime(0)
	if err := wpool.PingContext(ctx); err != nil {
		_ = wpool.Close()
		return nil, wrap(op, t.path, err)
	}
	d := sqliteDialect()
	if err := migrate(ctx, wpool, d, cfg.logger); err != nil {
		_ = wpool.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", t.dsn(sqliteParams(cfg, false)))
	if err != nil {
		_ = wpool.Close()
		return nil, fairshops.E(op, fairshops.Invalid, t.path, "malformed sqlite dsn", err)
	}
	read.SetMaxOpenConns(cfg.readers)
	read.SetMaxIdleConns(cfg.readers)
	read.SetConnMaxLifetime(0)
	cq := url.Values{}
	cq.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", cfg.busyTimeout.Milliseconds()))
	cpool, err := sql.Open("sqlite", t.dsn(cq))
	if err != nil {
		_ = wpool.Close()
		_ = read.Close()
		return nil, fairshops.E(op, fairshops.Invalid, t.path, "malformed sqlite dsn", err)
	}
	cpool.SetMaxOpenConns(1)
	cpool.SetMaxIdleConns(1)
	cpool.SetConnMaxLifetime(0)
	db := &DB{d: d, read: read, wpool: wpool, owned: []*sql.DB{read, wpool, cpool}, log: cfg.logger}
	db.ckpt = newCheckpointer(cpool, checkpointRest, cfg.logger, nil)
	db.w = newWriter(wpool, db.d, cfg.maxBatch, db.ckpt.kick)
	return db, nil
}

// probeSQLite inspects an existing, non-empty file through a read-only
// connection, so that a file we must refuse is never written to (not even
// the journal-mode flag in its header).
func probeSQLite(ctx context.Context, t sqliteTarget, cfg config) error {
	fi, err := os.Stat(t.path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fairshops.E("sqlstore.Open", fairshops.Internal, t.path, "stat database file", err)
	case fi.IsDir():
		return fairshops.E("sqlstore.Open", fairshops.Invalid, t.path, "is a directory", nil)
	case fi.Size() == 0:
		return nil
	}
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", cfg.busyTimeout.Milliseconds()))
	probe, err := sql.Open("sqlite", t.dsn(q))
	if err != nil {
		return fairshops.E("sqlstore.Open", fairshops.Invalid, t.path, "malformed sqlite dsn", err)
	}
	defer probe.Close()
	probe.SetMaxOpenConns(1)
	return inspect(ctx, probe, sqliteDialect())
}

// Dialect reports which database the DB is on.
func (db *DB) Dialect() Dialect { return db.d.name }

// WriteStats counts the work of the group commit since Open: Writes units
// of work (a complaint filed, a case updated, ...) ran in Transactions
// transactions, each committed with one flush to disk, so
// Writes/Transactions is how many units of work shared a flush. Both are
// zero when the store runs without group commit (PostgreSQL's default).
type WriteStats struct {
	Transactions int64 // transactions committed or tried
	Writes       int64 // units of work run in them
}

// WriteStats returns the group commit's counts (see WriteStats); it is
// cheap and safe to call at any time, for metrics.
func (db *DB) WriteStats() WriteStats {
	if db.w == nil {
		return WriteStats{}
	}
	return WriteStats{Transactions: db.w.batches.Load(), Writes: db.w.requests.Load()}
}

// Close stops the group commit (queued writes fail with ErrClosed) and
// closes the pools that Open created. It is safe to call more than once.
func (db *DB) Close() error {
	var err error
	db.closeOnce.Do(func() {
		if db.w != nil {
			db.w.close()
		}
		if db.ckpt != nil {
			db.ckpt.close()
		}
		err = db.closeStmts()
		for _, p := range db.owned {
			err = errors.Join(err, p.Close())
		}
	})
	return err
}

// queryRow runs a read query outside any write transaction.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = db.d.rebind(q)
	if s := db.readStmt(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return db.read.QueryRowContext(ctx, q, args...)
}

// query runs a read query outside any write transaction.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = db.d.rebind(q)
	if s := db.readStmt(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return db.read.QueryContext(ctx, q, args...)
}

// maxReadStmts bounds the cache of prepared read statements (queries with
// IN lists of every length could otherwise fill it without end).
const maxReadStmts = 256

// readStmts caches the prepared read statements of a SQLite DB: database/sql
// prepares each on a reader connection the first time it runs there and
// keeps it, so a query is parsed once per connection, not once per call (a
// tenth of the intake profile was parsing the shop look-up). PostgreSQL
// needs no such cache: pgx keeps its own per connection.
type readStmts struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// readStmt returns the cached statement for q, preparing it if needed, or
// nil when q is not cached (PostgreSQL, a full cache, a failed prepare: the
// caller then runs q directly and sees any error there).
func (db *DB) readStmt(ctx context.Context, q string) *sql.Stmt {
	if !db.d.cacheStatements {
		return nil
	}
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[q]; ok {
		return s
	}
	if len(c.m) >= maxReadStmts || ctx.Err() != nil {
		return nil
	}
	s, err := db.read.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = s
	return s
}

// closeStmts closes the cached read statements.
func (db *DB) closeStmts() error {
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	var err error
	for q, s := range c.m {
		err = errors.Join(err, s.Close())
		delete(c.m, q)
	}
	return err
}

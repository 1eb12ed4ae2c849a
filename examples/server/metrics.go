package main

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	sqlstore "github.com/fairshops/konfliktservice/adapters/sql"
)

// metrics are the Prometheus metrics of one server. They live in a registry
// of their own, not the client library's global one, so that run can be
// called more than once in a process (tests) and nothing is shared.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec   // route, code
	duration *prometheus.HistogramVec // route, code
	inFlight prometheus.Gauge
	events   *prometheus.CounterVec // type, outcome
	timers   *prometheus.CounterVec // job, result
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "konfliktservice_http_requests_total",
			Help: "HTTP requests answered, by route pattern and status code.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "konfliktservice_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route pattern and status code.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "code"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "konfliktservice_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "konfliktservice_relay_deliveries_total",
			Help: "Outbox events handed to the notifiers, by event type and outcome (delivered, retry, permanent).",
		}, []string{"type", "outcome"}),
		timers: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "konfliktservice_timer_runs_total",
			Help: "Runs of the periodic jobs (deadlines, reminders, session pruning), by job and result (ok, error).",
		}, []string{"job", "result"}),
	}
	m.reg.MustRegister(m.requests, m.duration, m.inFlight, m.events, m.timers,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// watchWrites exports the SQL store's group commit counts: their quotient
// is how many writes shared one flush to disk (zero on PostgreSQL, which
// runs without it by default).
func (m *metrics) watchWrites(stats func() sqlstore.WriteStats) {
	m.reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "konfliktservice_sql_write_transactions_total",
			Help: "Transactions of the SQL store's group commit (each one flush to disk).",
		}, func() float64 { return float64(stats().Transactions) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "konfliktservice_sql_writes_total",
			Help: "Units of work (a complaint filed, a case changed, ...) run in the group commit's transactions.",
		}, func() float64 { return float64(stats().Writes) }),
	)
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler(log *slog.Logger) http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		EnableOpenMetrics: true,
	})
}

// unmatched is the route label of a request no route took (404, 405), so
// that scanners probing random paths cannot grow the label set.
const unmatched = "unmatched"

// instrument counts and times every request by the route pattern that
// served it (r.Pattern, which the innermost ServeMux sets on the request
// it is handed) and its status, and writes one access log line: method,
// route, status and duration, never the path or query (a consumer's
// private link carries its token in the query) nor the client's address.
func (m *metrics) instrument(next http.Handler, log *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		m.inFlight.Inc()
		defer m.inFlight.Dec()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" || route == catchAll {
			route = unmatched
		}
		code := strconv.Itoa(sw.status())
		elapsed := time.Since(start)
		m.requests.WithLabelValues(route, code).Inc()
		m.duration.WithLabelValues(route, code).Observe(elapsed.Seconds())
		log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
			slog.String("route", route), slog.Int("status", sw.status()), slog.Duration("took", elapsed))
	})
}

// statusWriter remembers the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 && code >= 200 { // 1xx answers are not the final status
		w.code = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// Unwrap lets http.ResponseController reach the connection's writer
// (flushing, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

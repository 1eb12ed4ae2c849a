package http

// CSVCell is csvCell for the external tests (web_operator_queue_test.go).
var CSVCell = csvCell

package calendar

import (
	"fmt"
	"testing"
	"time"

	"github.com/fairshops/konfliktservice/fairshops"
	"github.com/stretchr/testify/require"
)

func TestEasterKnownDates(t *testing.T) {
	t.Parallel()
	// Easter Sunday as published in church and almanac tables, 1990-2030,
	// and the years that break naive forms of Gauss's rule.
	known := []string{
		"1990-04-15", "1991-03-31", "1992-04-19", "1993-04-11", "1994-04-03",
		"1995-04-16", "1996-04-07", "1997-03-30", "1998-04-12", "1999-04-04",
		"2000-04-23", "2001-04-15", "2002-03-31", "2003-04-20", "2004-04-11",
		"2005-03-27", "2006-04-16", "2007-04-08", "2008-03-23", "2009-04-12",
		"2010-04-04", "2011-04-24", "2012-04-08", "2013-03-31", "2014-04-20",
		"2015-04-05", "2016-03-27", "2017-04-16", "2018-04-01", "2019-04-21",
		"2020-04-12", "2021-04-04", "2022-04-17", "2023-04-09", "2024-03-31",
		"2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2029-04-01",
		"2030-04-21",
		"1818-03-22", "2285-03-22", // earliest possible date
		"1943-04-25", "2038-04-25", // latest possible date
		"1954-04-18", "1981-04-19", "2049-04-18", "2076-04-19", // Gauss's exceptions
		"1961-04-02", "1583-04-10", "9999-03-28",
	}
	for _, s := range known {
		want := fairshops.MustDate(s)
		t.Run(s, func(t *testing.T) {
			require.Equal(t, want.String(), Easter(want.Year()).String())
		})
	}
}

func TestEasterIsASundayInItsWindow(t *testing.T) {
	t.Parallel()
	for year := firstEasterYear; year <= lastYear; year++ {
		m, d := easterMonthDay(year)
		e := Easter(year)
		y2, m2, d2 := e.Parts()
		if y2 != year || m2 != m || d2 != d {
			t.Fatalf("Easter(%d) = %s, arithmetic says %s %d", year, e, m, d)
		}
		if e.Weekday() != time.Sunday {
			t.Fatalf("Easter(%d) = %s is a %s", year, e, e.Weekday())
		}
		lo, hi := fairshops.NewDate(year, time.March, 22), fairshops.NewDate(year, time.April, 25)
		if e.Before(lo) || e.After(hi) {
			t.Fatalf("Easter(%d) = %s is outside March 22 - April 25", year, e)
		}
	}
}

func TestEasterOutOfRange(t *testing.T) {
	t.Parallel()
	for _, year := range []int{-1, 0, 1, 1582, 10000, 1 << 40} {
		t.Run(fmt.Sprint(year), func(t *testing.T) {
			require.True(t, Easter(year).IsZero())
		})
	}
}

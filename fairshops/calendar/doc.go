// Package calendar computes legal periods (Fristen) under German law and
// knows the public holidays of the 16 German states. Every package of the
// service that needs a deadline (the withdrawal period of a complaint's
// pre-check, the shop's time to answer, the steps of a mediation) computes it
// here and nowhere else.
//
// # Periods
//
// End(event, period, state) applies the rules of the BGB in this order:
//
//   - §187(1): a period that starts with an event (delivery, receipt of a
//     declaration) does not count the day of the event.
//   - §188(1): a period of days ends at the end of its last day; 14 days from
//     a Tuesday end at midnight of the Tuesday two weeks later.
//   - §188(2), (3): a period of weeks, months or years ends on the day that has
//     the name or number of the event day; when the last month has no such
//     day (one month from January 31), on the last day of that month.
//   - §193: when the last day is a Saturday, a Sunday or a public holiday at
//     the place where the declaration is to be made or the performance is
//     due, the period ends at the end of the next working day.
//
// A period with several units (12 months + 14 days, §356(3)) is counted
// months first, then days; see Period. EndWithout193 stops before the last
// step, for periods the caller does not want moved; MoveToWorkingDay applies
// only §193, to a deadline given as a date; AddWorkingDays counts working days
// for timers such as "20 working days". End and EndWithout193 return the zero
// Date for input their E variants (EndE, EndWithout193E) reject: a missing
// event, a negative period, an unknown State, dates outside 1970-9999.
// Nothing here panics.
//
// Periods starting at the beginning of a day (§187(2): a contract term "from
// the 1st") end one day earlier than End says; the service has none so far.
//
// # Which State
//
// §193 looks at the holidays at the place where the declaration is to be made
// or the performance is due, so the state is a fact of the case, not of the
// server; which place counts is for the calling rule to decide (the shop's
// seat for the shop's deadlines, for instance). National (the zero State)
// counts only the holidays observed in every state, so it yields the earliest
// end any state could give: a check that must not tell a consumer too early
// that a period has expired should pass the right state, or take the latest
// end over States() when the place is unknown.
//
// Holidays observed only in parts of a state (Corpus Christi in parts of
// Saxony and Thuringia, Assumption Day in most of Bavaria, the Augsburg Peace
// Festival) are not counted; PartialHolidays lists them.
//
// # Holidays
//
// Holidays come from a table (one row per holiday, the states where it applies
// and the years it is in force), with Easter by the anonymous Gregorian
// algorithm. The table starts with German unification on 1990-10-03 (see
// FirstDay): earlier days are no holidays here, only Saturdays and Sundays are
// days off. It holds the state laws as last checked (the newest rows: Berlin's
// one-off holiday of 2025-05-08, Mecklenburg-Vorpommern's Women's Day since
// 2023); a holiday a state adds later needs a new row and a test.
package calendar

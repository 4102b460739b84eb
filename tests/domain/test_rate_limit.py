import datetime as dt
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from billing_app.domain.rate_limit import (
    CONCURRENT_WAIT,
    MAX_WAIT,
    Budget,
    CallLimitReached,
    RateLimiter,
    backoff_delays,
    book_call,
    can_wait,
    is_daily_limit,
    is_qbo_throttle,
    is_retried,
    parse_budget,
    parse_retry_after,
    qbo_throttle_wait,
    quickbooks_limiter,
    resume_phrase,
    slot_wait,
    xero_limit_wait,
    xero_limiter,
)

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)


def test_the_sixty_first_xero_call_in_a_minute_waits_for_the_oldest_to_age_out():
    limiter = xero_limiter()
    for second in range(60):
        assert limiter.reserve("org-a", second * 0.5) == 0
    assert limiter.wait("org-a", 30.0) == pytest.approx(30.0)
    assert limiter.wait("org-b", 30.0) == 0  # per organisation
    assert limiter.wait("org-a", 60.0) == 0


def test_quickbooks_allows_five_hundred_a_minute():
    limiter = quickbooks_limiter()
    for _ in range(500):
        limiter.reserve("realm", 0.0)
    assert limiter.wait("realm", 1.0) == pytest.approx(59.0)


def test_reservations_made_at_the_same_instant_get_successive_free_slots():
    limiter = RateLimiter(limit=2, window=10.0)
    waits = [limiter.reserve("org", 0.0) for _ in range(5)]
    assert waits == [0.0, 0.0, 10.0, 10.0, 20.0]


def test_a_reservation_during_a_hold_is_booked_after_it():
    limiter = RateLimiter(limit=5)
    limiter.hold("org", now=0.0, seconds=30)
    assert limiter.reserve("org", 1.0) == pytest.approx(29.0)
    assert limiter.reserve("org", 1.0) == pytest.approx(29.0)  # room for both at 30 s


def test_threads_reserving_at_once_never_share_a_slot():
    limiter = RateLimiter(limit=3, window=60.0)
    with ThreadPoolExecutor(max_workers=8) as pool:
        waits = list(pool.map(lambda _: limiter.reserve("org", 0.0), range(12)))
    assert sorted(waits) == [0.0] * 3 + [60.0] * 3 + [120.0] * 3 + [180.0] * 3


def test_a_429_holds_the_organisation_for_the_time_asked():
    limiter = RateLimiter(limit=10)
    limiter.hold("org", now=5.0, seconds=20)
    limiter.hold("org", now=6.0, seconds=1)  # a shorter hold does not shorten it
    assert limiter.wait("org", 10.0) == pytest.approx(15.0)
    assert limiter.wait("org", 26.0) == 0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("17", 17.0), ("Mon, 30 Nov 2026 12:00:42 GMT", 42.0), ("Mon, 30 Nov 2026 11:00:00 GMT", 0.0),
     (None, 60.0), ("", 60.0), ("soon", 60.0), ("-5", 60.0)],
)  # fmt: skip
def test_retry_after_is_seconds_or_a_date_and_falls_back_to_the_default(header, seconds):
    assert parse_retry_after(header, NOW) == seconds


def test_backoff_doubles_is_capped_and_jittered_into_the_upper_half():
    assert backoff_delays(lambda: 0.0, attempts=6, base=1, cap=10) == (0.5, 1, 2, 4, 5, 5)
    assert backoff_delays(lambda: 0.999, attempts=2) == pytest.approx((0.9995, 1.999))


def test_only_server_errors_are_retried():
    assert [s for s in (400, 401, 404, 429, 500, 502, 503, 504) if is_retried(s)] == [
        500, 502, 503, 504]  # fmt: skip


QBO_JSON = ('{"fault":{"error":[{"message":"message=ThrottleExceeded; errorCode=003001; '
            'statusCode=429","detail":"The request limit was reached.","code":"3001"}],'
            '"type":"SERVICE"},"time":"2026-11-30T04:00:00.000-08:00"}')  # fmt: skip
QBO_XML = ('<?xml version="1.0"?><IntuitResponse xmlns="http://schema.intuit.com/finance/v3">'
           '<Fault type="SERVICE"><Error code="003001"><Message>message=ThrottleExceeded'
           '</Message></Error></Fault></IntuitResponse>')  # fmt: skip
VALIDATION_JSON = '{"Fault":{"Error":[{"Message":"Invalid Reference Id","code":"2500"}]}}'


@pytest.mark.parametrize(
    ("status", "body", "throttled"),
    [(429, "", True), (400, QBO_JSON, True), (200, QBO_XML, True), (400, VALIDATION_JSON, False),
     (400, "<not xml", False), (500, "{broken", False), (400, '{"Fault": "x"}', False),
     (400, "plain text", False)],
)  # fmt: skip
def test_quickbooks_throttles_are_recognised_in_json_and_xml(status, body, throttled):
    assert is_qbo_throttle(status, body) is throttled


# -- the window arithmetic every budget store applies (domain.rate_limit.book_call) ----------


def test_a_budget_counts_each_call_for_its_window_plus_the_time_it_may_take_to_arrive():
    assert Budget(60, 60.0).span == 61.0  # a second's margin on a minute
    assert Budget(5, 1.0).span == 1.25  # a quarter of a shorter window


def test_the_call_past_the_limit_is_booked_when_the_oldest_leaves_the_span():
    budget, calls, waits = Budget(3, 10.0), [], []
    for _ in range(4):
        calls, wait = book_call(calls, 100.0, budget)
        waits.append(wait)
    assert waits == [0, 0, 0, pytest.approx(budget.span)]
    assert calls == [100.0, 100.0, 100.0, pytest.approx(100.0 + budget.span)]


def test_calls_that_left_the_span_are_forgotten_and_do_not_count():
    calls, wait = book_call([1.0, 2.0, 3.0], 100.0, Budget(3, 10.0))
    assert (calls, wait) == ([100.0], 0)


def test_booked_calls_ahead_of_now_count_so_no_two_callers_get_the_same_slot():
    budget = Budget(2, 10.0)
    calls, _ = book_call([], 0.0, budget)
    calls, _ = book_call(calls, 0.0, budget)
    calls, third = book_call(calls, 1.0, budget)
    calls, fourth = book_call(calls, 1.0, budget)
    assert third == fourth == pytest.approx(budget.span - 1.0)  # the next span's two slots
    calls, fifth = book_call(calls, 1.0, budget)  # both taken: the span after
    assert fifth == pytest.approx(2 * budget.span - 1.0)


def test_a_hold_delays_the_next_call_even_with_room_in_the_budget():
    assert slot_wait([], now=10.0, limit=5, span=61.0, held_until=40.0) == 30.0
    assert slot_wait([], now=50.0, limit=5, span=61.0, held_until=40.0) == 0


def test_a_budget_is_read_as_calls_per_seconds_or_calls_a_minute():
    assert parse_budget("60/60") == Budget(60, 60.0)
    assert parse_budget(" 10/2 ") == Budget(10, 2.0)
    assert parse_budget("30") == Budget(30, 60.0)
    assert str(Budget(60, 60.0)) == "60/60"
    for wrong in ("", "0/60", "ten/60", "10/0", "10/-1"):
        with pytest.raises(ValueError):
            parse_budget(wrong)


# -- what a 429 means -----------------------------------------------------------------------


def test_a_xero_minute_limit_is_waited_out_a_daily_one_or_a_long_wait_stops_the_run():
    assert xero_limit_wait("minute", 40.0) == 40.0
    assert xero_limit_wait(None, 7.0) == 7.0
    assert xero_limit_wait("appminute", MAX_WAIT) == MAX_WAIT
    assert xero_limit_wait("minute", 40000.0) is None  # never sleeps for hours
    assert xero_limit_wait("day", 30.0) is None and xero_limit_wait("Daily", 30.0) is None
    assert is_daily_limit("day") and not is_daily_limit("minute")


def test_a_xero_concurrent_limit_is_a_short_pause():
    assert xero_limit_wait("concurrent", 30.0) == CONCURRENT_WAIT
    assert xero_limit_wait("concurrent", 0.0) == CONCURRENT_WAIT
    assert xero_limit_wait("concurrent", 0.5) == 0.5


def test_a_quickbooks_throttle_waits_its_retry_after_or_a_minute():
    assert qbo_throttle_wait(None, NOW) == 60.0
    assert qbo_throttle_wait("5", NOW) == 5.0
    assert not can_wait(qbo_throttle_wait("40000", NOW))


def test_the_stop_sentence_says_when_the_run_can_resume():
    stop = CallLimitReached("Xero", NOW + dt.timedelta(hours=5, minutes=4, seconds=30), NOW)
    assert stop.code == "daily_limit"
    assert stop.message == (
        "Xero's daily call limit for this organisation is used up; the export can resume "
        "after 17:05 UTC (in about 5 hours). Nothing else was changed."
    )
    later = CallLimitReached("QuickBooks", NOW + dt.timedelta(hours=20), NOW, False, "company")
    assert later.sentence("the sync", "") == (
        "QuickBooks' call limit for this company is used up; the sync can resume after "
        "08:00 UTC on 1 December (in about 20 hours)."
    )
    assert "in about 3 minutes" in resume_phrase(NOW + dt.timedelta(seconds=170), NOW)


def test_the_stop_crosses_a_process_boundary_as_itself():
    stop = CallLimitReached("Xero", NOW + dt.timedelta(hours=1), NOW)
    copy = pickle.loads(pickle.dumps(stop))
    assert isinstance(copy, CallLimitReached) and copy.message == stop.message

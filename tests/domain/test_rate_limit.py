import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from billing_app.domain.rate_limit import (
    RateLimiter,
    backoff_delays,
    is_qbo_throttle,
    is_retried,
    parse_retry_after,
    quickbooks_limiter,
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

import gc
import threading

from billing_app.services.bulk import collector_paused


def test_the_collector_is_paused_inside_and_resumes_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_resumes_only_when_the_last_of_overlapping_runs_ends():
    first_inside, second_done, release = threading.Event(), threading.Event(), threading.Event()

    def long_run() -> None:
        with collector_paused():
            first_inside.set()
            release.wait(5)

    runner = threading.Thread(target=long_run)
    runner.start()
    first_inside.wait(5)
    with collector_paused():
        second_done.set()
    assert not gc.isenabled()  # the first run is still going
    release.set()
    runner.join(5)
    assert gc.isenabled()


def test_the_collector_resumes_after_a_failure():
    try:
        with collector_paused():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

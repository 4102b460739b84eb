import reflex as rx
from reflex.event import EventHandler


def live_updates(tick: EventHandler) -> rx.Component:
    """An invisible once-a-second timer that asks the page's state whether anything changed."""
    return rx.moment(interval=1000, on_change=tick, display="none")

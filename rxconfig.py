import reflex as rx

from billing_app.config import ConfigError, load_settings

try:
    settings = load_settings()
except ConfigError as error:
    raise SystemExit(f"error: {error}") from None

config = rx.Config(
    app_name="billing_app",
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    state_manager_mode="redis" if settings.redis_url else "disk",
    frontend_port=settings.port,
    backend_port=settings.port,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium")
        )
    ],
    disable_plugins=[rx.plugins.SitemapPlugin],
)

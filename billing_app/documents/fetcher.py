"""WeasyPrint may load only `data:` URLs: an invoice's text never reaches files or the network."""

from __future__ import annotations

from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse


class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if not url.lower().startswith("data:"):
            self.refused.append(url)
            raise ValueError(f"Invoice PDFs load no external resource: {url}")
        return super().fetch(url, headers)

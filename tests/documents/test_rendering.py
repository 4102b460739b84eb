import pytest

from billing_app.documents.fetcher import DataOnlyFetcher
from billing_app.documents.rendering import html_to_pdf


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:1/x.png", "x.png"])
def test_an_image_in_a_template_is_refused_by_the_fetcher_and_the_pdf_still_renders(url):
    fetcher = DataOnlyFetcher()
    out = html_to_pdf(f'<p>Logo</p><img src="{url}">', fetcher)
    assert out.startswith(b"%PDF")
    absolute = "://" in url
    assert fetcher.refused == ([url] if absolute else [])


def test_the_fetcher_serves_data_urls():
    fetcher = DataOnlyFetcher()
    response = fetcher.fetch("data:text/plain,hello")
    assert response.read() == b"hello"
    with pytest.raises(ValueError, match="no external resource"):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.refused == ["file:///etc/passwd"]

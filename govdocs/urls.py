"""URLs as browsers read them: one canonical form for every link, redirect and stored key.

Real disclosure pages link IRIs (`/zwgk/202401/附件1.pdf`, IDN hosts, spaces, backslashes),
and malformed ones (`http://h:99999/`, `<base href="http://[::1">`). We parse with the WHATWG
URL Standard — what browsers do, so we reach what a reader's click reaches — through
`ada-url` (the C++ parser Node.js uses; Python's urljoin neither percent-encodes nor
validates ports). The result is ASCII: UTF-8 percent-encoded path and query, IDNA host,
default port dropped, fragment removed. It is stable: to_uri(to_uri(u)) == to_uri(u).
"""

from __future__ import annotations

from ada_url import URL

SCHEMES = ("http:", "https:")


class InvalidURL(ValueError):
    """The text is not an http(s) URL (bad port, bad host, other scheme…)."""


def to_uri(url: str, base: str | None = None) -> str:
    """The canonical absolute http(s) URI of `url` (resolved against `base`), without fragment.

    Raises InvalidURL for anything a browser would not load over http(s)."""
    try:
        parsed = URL(url.strip(), base) if base is not None else URL(url.strip())
    except (ValueError, TypeError) as exc:
        where = f" (base {base!r})" if base is not None else ""
        raise InvalidURL(f"not a valid URL: {url!r}{where}") from exc
    if parsed.protocol not in SCHEMES:
        raise InvalidURL(f"not an http(s) URL: {url!r}")
    if not parsed.hostname:
        raise InvalidURL(f"no host in URL: {url!r}")
    parsed.hash = ""
    return str(parsed.href)


def origin(url: str) -> str:
    """scheme://host:port with the default port explicit, so origins compare exactly."""
    parsed = URL(to_uri(url))
    scheme = parsed.protocol[:-1]
    port = parsed.port or ("443" if scheme == "https" else "80")
    return f"{scheme}://{parsed.hostname}:{port}"

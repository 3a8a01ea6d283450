"""The page of ``sigv4presign serve --demo``: Uppy's Dashboard wired to the upload app.

Uppy is not shipped with this package. The page loads it either from a local build
served by this wrapper (``uppy_dir`` holding ``uppy.mjs`` and ``uppy.css``, as
``tests/uppy`` builds them from the pinned npm packages), or, without one, from the
jsDelivr CDN (the ``uppy`` package's own bundle, fetched by the user's browser). The
CDN bundle carries ``@uppy/aws-s3`` 6.1, which predates POST forms in ``signRequest``
mode, so there the page offers Companion mode only.

``?mode=companion`` (default) or ``?mode=sign`` picks the mode; a bearer token for
``sigv4presign serve`` is read from the page's fragment (``#token=...``, which the
browser never sends) or typed into the page.
"""

import html
import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Callable, Dict, Iterable, Optional

    WsgiApp = Callable[..., Any]

CDN_VERSION = "6.0.1"
CDN_JS = "https://cdn.jsdelivr.net/npm/uppy@%s/dist/uppy.min.mjs" % CDN_VERSION
CDN_CSS = "https://cdn.jsdelivr.net/npm/uppy@%s/dist/uppy.min.css" % CDN_VERSION
MIB = 1024 * 1024
# Files over 5 MiB go multipart, in 5 MiB parts (S3's smallest but the last).
MULTIPART_FROM = 5 * MIB
STATIC = {"/demo/uppy.mjs": "text/javascript; charset=utf-8", "/demo/uppy.css": "text/css; charset=utf-8"}

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>sigv4presign upload demo</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="%(css)s">
<style>body{font-family:system-ui,sans-serif;max-width:760px;margin:2em auto}
code{background:#eee;padding:0 .2em}#results li{word-break:break-all}</style></head>
<body><h1>Upload to S3 through sigv4presign</h1>
<p>Mode: <a href="?mode=companion">Companion</a>%(sign_link)s. Now: <b id="mode"></b>.
Bucket <code>%(bucket)s</code>, keys under <code>%(prefix)s</code>.</p>
<p><label>Bearer token (if the server has one): <input id="token" type="password"></label></p>
<div id="dashboard"></div><ol id="results"></ol>
<script type="module">
import { Uppy, Dashboard, AwsS3 } from %(module)s
const config = %(config)s
const base = location.pathname.replace(/\\/[^/]*$/, '')
const mode = new URLSearchParams(location.search).get('mode') === 'sign' && config.sign ? 'sign' : 'companion'
document.getElementById('mode').textContent = mode
const tokenInput = document.getElementById('token')
tokenInput.value = new URLSearchParams(location.hash.slice(1)).get('token') || ''
const auth = () => tokenInput.value ? { authorization: 'Bearer ' + tokenInput.value } : {}
async function signRequest (request) {
  const response = await fetch(base + '/s3/presign', {
    method: 'POST', headers: { 'content-type': 'application/json', ...auth() },
    body: JSON.stringify(request),
  })
  const answer = await response.json()
  if (!response.ok) throw new Error(answer.error || response.statusText)
  return answer
}
const s3 = mode === 'sign'
  ? { signRequest, generateObjectKey: (file) => file.name }
  : { companionEndpoint: location.origin + base }
window.uploadResults = []
window.uploadErrors = []
const uppy = new Uppy({ autoProceed: true, restrictions: { maxFileSize: config.maxSize } })
  .use(Dashboard, { inline: true, target: '#dashboard', height: 360, proudlyDisplayPoweredByUppy: false })
  .use(AwsS3, {
    ...s3,
    shouldUseMultipart: (file) => file.size > config.multipartFrom,
    getChunkSize: () => config.multipartFrom,
  })
uppy.on('upload-success', (file, response) => {
  window.uploadResults.push({ name: file.name, size: file.size, key: response.body.key, location: response.uploadURL })
  const item = document.createElement('li')
  item.textContent = file.name + ' -> ' + response.body.key
  document.getElementById('results').append(item)
})
uppy.on('upload-error', (file, error) => { window.uploadErrors.push({ name: file.name, error: String(error) }) })
window.uppy = uppy
</script></body></html>
"""


def page(bucket: str, prefix: str, max_size: "Optional[int]", local: bool) -> bytes:
    """The demo page's HTML."""
    config = {"sign": local, "maxSize": max_size, "multipartFrom": MULTIPART_FROM}
    return (PAGE % {
        "css": html.escape("demo/uppy.css" if local else CDN_CSS),
        "module": json.dumps("./demo/uppy.mjs" if local else CDN_JS),
        "sign_link": ' or <a href="?mode=sign">signRequest</a>' if local else "",
        "bucket": html.escape(bucket),
        "prefix": html.escape(prefix),
        # "<" escaped: the JSON sits inside a <script> element
        "config": json.dumps(config).replace("<", "\\u003c"),
    }).encode("utf-8")


def with_demo(app: "Any", uppy_dir: "Optional[str]" = None) -> "WsgiApp":
    """``app`` with the demo page at ``/`` (and ``/demo/uppy.mjs``, ``/demo/uppy.css``
    from ``uppy_dir`` when given); every other path goes to ``app``."""
    if uppy_dir is not None:
        for name in ("uppy.mjs", "uppy.css"):
            if not os.path.isfile(os.path.join(uppy_dir, name)):
                raise FileNotFoundError("%s has no %s (build it: cd tests/uppy && npm ci && npm run build)"
                                        % (uppy_dir, name))
    body = page(app.store.bucket, app.prefix, app.max_size, uppy_dir is not None)

    def demo(environ: "Dict[str, Any]", start_response: "Callable[..., Any]") -> "Iterable[bytes]":
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        if method in ("GET", "HEAD") and path in ("/", "/index.html"):
            return _send(start_response, "text/html; charset=utf-8", body)
        if method in ("GET", "HEAD") and uppy_dir is not None and path in STATIC:
            with open(os.path.join(uppy_dir, path.rsplit("/", 1)[-1]), "rb") as handle:
                return _send(start_response, STATIC[path], handle.read())
        return app(environ, start_response)  # type: ignore[no-any-return]

    return demo


def _send(start_response: "Callable[..., Any]", content_type: str, data: bytes) -> "Iterable[bytes]":
    start_response("200 OK", [
        ("Content-Type", content_type), ("Content-Length", str(len(data))),
        ("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff"),
    ])
    return [data]

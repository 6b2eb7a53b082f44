"""What Redoc needs beyond the portal's Content-Security-Policy, on its pages only.

The portal's policy (settings ``CONTENT_SECURITY_POLICY``) allows scripts and
styles from our own files only. Redoc (the sidecar's bundle, served by us)
adds three things at run time, each admitted here as narrowly as it can be:

- its styled-components write style elements marked with the response's
  nonce (static/js/redoc-init.js hands the nonce over; settings allow it);
- at load, before any nonce can reach it, the bundle writes one fixed style
  element (perfect-scrollbar's CSS): admitted by the hash of exactly that text,
  plus the hash of the empty text it starts out with;
- its search index runs in a Web Worker built from a ``blob:`` URL that the
  bundle itself creates.

After an update of drf-spectacular-sidecar the browser test
(servicedesk/tests/e2e/test_csp_browser.py) fails if the bundle's fixed
style changed; Chromium's console message names the new hash.
"""

from csp.constants import SELF
from csp.decorators import csp_update

REDOC_POLICY_UPDATE = {
    "style-src": [
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",  # perfect-scrollbar CSS
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the same element, empty
    ],
    "worker-src": [SELF, "blob:"],
}

#: Decorates the views of the Redoc pages (api/urls.py, servicedesk/urls.py).
redoc_policy = csp_update(REDOC_POLICY_UPDATE)

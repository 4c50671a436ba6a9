"""The public verification portal: a small read-only web application over the suite.

The browser hashes the document itself (SHA-256, streamed for large files) and asks the server only about the hash,
so the document never leaves the user's machine. The server answers from the chain through the typed clients:

    browser ── file ──> SHA-256 (Web Crypto, or streamed JS over File.slice) ──> GET /api/v1/documents/{hash}
                                                                      (batch: POST .../proof with the proof file)
    server  ── EvidenceRegistry.verify / verifyBatchMember, hub member names, Served events ──> JSON ──> page

`create_app(provider)` builds the Flask application; `serve(...)` runs it (used by `courtchain portal`).
"""

from .app import SuiteProvider, create_app, make_server

__all__ = ["SuiteProvider", "create_app", "make_server"]

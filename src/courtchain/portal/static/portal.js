/* The portal's pages: hash the chosen file locally, ask the API about the hash, say what the chain says. */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  async function api(method, url, body) {
    let resp;
    try {
      resp = await fetch(url, {
        method: method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body,
      });
    } catch (e) {
      return { status: 0, data: { error: "portal_unreachable",
        message: "The portal could not be reached. Check your connection and try again." } };
    }
    let data;
    try {
      data = await resp.json();
    } catch (e) {
      data = { error: "bad_answer", message: "The portal gave an answer that is not JSON (status " + resp.status + ")." };
    }
    return { status: resp.status, data: data };
  }

  // ------------------------------------------------------------------------------------------------ verify page

  const TITLES = {
    "match": "Authentic: this document is on the chain",
    "revoked": "On the chain, but REVOKED",
    "superseded": "On the chain, but SUPERSEDED by another document",
    "no-record": "No match: this file matches no record on the chain",
    "bad-proof": "The proof does not fit",
    "error": "Could not verify",
  };

  function showResult(outcome, message, rows, timing) {
    const box = $("result");
    box.hidden = false;
    box.className = "outcome-" + outcome;
    box.dataset.outcome = outcome;
    box.replaceChildren(el("h2", {}, TITLES[outcome]), el("p", { id: "result-message" }, message));
    if (rows && rows.length) {
      const dl = el("dl", {});
      for (const [k, v] of rows) dl.append(el("dt", {}, k), el("dd", {}, v));
      box.append(dl);
    }
    if (timing) {
      box.dataset.hashSeconds = String(timing.hash);
      box.dataset.totalSeconds = String(timing.total);
      window.__portalLast = timing;
    }
  }

  function caseLink(r) {
    if (!r.caseId) return "none";
    return el("a", { href: "/cases/" + r.caseId }, r.caseReference + " (public timeline)");
  }

  function whoText(sub) {
    return sub.capacity === "party"
      ? "a party to the case, as itself"
      : (sub.memberName || "an account no longer with a member") + " (institution" + (sub.role ? ", " + sub.role : "") + ")";
  }

  function reportRows(r, hashInfo) {
    const who = whoText(r.submitter);
    const rows = [
      ["Fingerprint (SHA-256)", el("span", { class: "hash" }, r.contentHash)],
      ["Kind", r.kind],
      ["Anchored by", who],
      ["Anchored on", r.anchoredAtText],
      ["Case", caseLink(r)],
      ["Status", r.status],
    ];
    if (r.batch) rows.push(["Batch root", el("span", { class: "hash" }, r.batch.root)]);
    if (r.revocation) {
      rows.push([r.status === "superseded" ? "Superseded on" : "Revoked on",
        r.revocation.revokedAtText + (r.revocation.revokedByMember ? " by " + r.revocation.revokedByMember : "")]);
      if (r.revocation.supersededBy) {
        rows.push(["Superseded by", el("span", { class: "hash" }, r.revocation.supersededBy)]);
      }
    }
    const anchors = r.anchors || [];
    if (anchors.length > 1) {
      anchors.forEach(function (a, i) {
        rows.push(["Anchor " + (i + 1) + " of " + anchors.length,
          a.kind + " by " + whoText(a.submitter) + ", " + a.anchoredAtText + ", " + a.status]);
      });
    }
    for (const s of r.services || []) {
      let text = s.status + " (" + s.method + ", served " + s.servedAtText;
      if (s.status === "acknowledged") text += ", acknowledged " + s.acknowledgedAtText + (s.bySignature ? " by signature" : "");
      else text += ", deemed served " + s.deemedServedAtText;
      rows.push(["Service " + s.serviceId, text + ")"]);
    }
    if (hashInfo) {
      rows.push(["Computed", hashInfo.bytes.toLocaleString("en") + " bytes in " + hashInfo.seconds.toFixed(2)
        + " s in your browser (" + (hashInfo.method === "webcrypto" ? "Web Crypto" : "streamed") + ")"]);
    }
    rows.push(["Chain", "chain " + r.chain.chainId + ", registry " + r.chain.contract]);
    return rows;
  }

  async function verify(event) {
    if (event) event.preventDefault();
    const file = $("file").files[0];
    const proof = $("proof").files[0];
    const typed = $("hash").value.trim();
    const t0 = performance.now();
    let hex;
    let hashInfo = null;
    const box = $("result");
    box.hidden = true;
    delete box.dataset.outcome;
    $("verify").disabled = true;
    try {
      if (file) {
        $("progress-box").hidden = false;
        const bar = $("progress");
        const text = $("progress-text");
        $("progress-label").textContent = "Computing the fingerprint of " + file.name + "…";
        hashInfo = await window.CourtchainHash.hashBlob(file, {
          onProgress: (f) => { bar.value = f; text.textContent = Math.round(f * 100) + " %"; },
        });
        hex = hashInfo.hex;
        $("progress-label").textContent = "Fingerprint computed in your browser";
      } else if (typed) {
        hex = typed;
      } else {
        showResult("error", "Choose a document first (or give its fingerprint).");
        return;
      }
      const tHash = performance.now();
      let res;
      if (proof) {
        res = await api("POST", "/api/v1/documents/" + encodeURIComponent(hex) + "/proof", await proof.text());
      } else {
        res = await api("GET", "/api/v1/documents/" + encodeURIComponent(hex));
      }
      const timing = { hash: (tHash - t0) / 1000, total: (performance.now() - t0) / 1000, hex: hex,
        method: hashInfo ? hashInfo.method : "given", bytes: hashInfo ? hashInfo.bytes : 0 };
      const d = res.data;
      const shown = /^[0-9a-fA-F]{64}$/.test(hex) ? "0x" + hex.toLowerCase() : hex;
      const fp = ["Fingerprint (SHA-256)", el("span", { class: "hash" }, shown)];
      if (res.status === 200) {
        const outcome = d.status === "active" ? "match" : d.status;
        showResult(outcome, d.summary, reportRows(d, hashInfo), timing);
      } else if (d.error === "no_matching_record" || d.error === "proof_for_another_document") {
        showResult("no-record", d.message, [fp], timing);
      } else if (res.status === 422) {
        showResult("bad-proof", d.message, [fp], timing);
      } else {
        showResult("error", d.message || "The portal could not answer.", [fp], timing);
      }
    } catch (e) {
      showResult("error", "Your browser could not read the file: " + (e && e.message ? e.message : e));
    } finally {
      $("verify").disabled = false;
    }
  }

  function initVerify() {
    $("verify-form").addEventListener("submit", verify);
    const zone = $("drop-zone");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) {
        $("file").files = e.dataTransfer.files;
        verify();
      }
    });
    $("case-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const c = $("case").value.trim();
      if (c) window.location.href = "/cases/" + encodeURIComponent(c);
    });
    api("GET", "/api/v1/status").then((res) => {
      $("chain-status").textContent = res.status === 200
        ? "chain " + res.data.chainId + ", block " + res.data.block
        : res.data.message;
    });
  }

  // -------------------------------------------------------------------------------------------------- case page

  async function initCase() {
    const raw = decodeURIComponent(window.location.pathname.replace(/^\/cases\//, ""));
    $("case-title").textContent = "Case " + raw + ": public timeline";
    const box = $("timeline");
    const res = await api("GET", "/api/v1/cases/" + encodeURIComponent(raw) + "/timeline");
    box.dataset.status = String(res.status);
    if (res.status !== 200) {
      box.replaceChildren(el("p", { class: "error", id: "timeline-message" }, res.data.message));
      return;
    }
    const table = el("table", { id: "timeline-table" },
      el("thead", {}, el("tr", {}, el("th", {}, "When (UTC)"), el("th", {}, "What happened"),
        el("th", {}, "Details"), el("th", {}, "Recorded by"))));
    const body = el("tbody", {});
    for (const e of res.data.entries) {
      const details = el("div", {});
      for (const [k, v] of Object.entries(e.details)) {
        if (k.endsWith("Text")) continue;
        const shown = (k + "Text") in e.details ? e.details[k + "Text"] : v;
        details.append(el("div", {}, k + ": ", el("span", { class: typeof v === "string" && v.startsWith("0x") ? "hash" : "" }, shown)));
      }
      const source = e.derived ? e.source + " (by time)" : e.source + ", block " + e.block;
      body.append(el("tr", { class: e.derived ? "derived" : "" },
        el("td", {}, e.timeText), el("td", {}, e.title), el("td", {}, details), el("td", {}, source)));
    }
    table.append(body);
    $("case-title").textContent = res.data.caseReference.charAt(0).toUpperCase() + res.data.caseReference.slice(1)
      + ": public timeline";
    box.replaceChildren(el("p", {}, res.data.count + " events, from " + res.data.sources.join(", ") + "."), table);
  }

  document.addEventListener("DOMContentLoaded", () => {
    if (document.body.dataset.page === "verify") initVerify();
    if (document.body.dataset.page === "case") initCase();
  });
})();

/* The portal's pages: hash the chosen file locally, ask the API about the hash, say what the chain says.
   Chinese by default; English by the switch (?lang=en, kept in localStorage). The API answers in the same language. */
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------------------------------------- language

  const STORE = "courtchain.lang";

  function chooseLang() {
    const asked = new URLSearchParams(window.location.search).get("lang");
    let lang = null;
    if (asked) {
      lang = asked.toLowerCase().startsWith("en") ? "en" : "zh";
      try { window.localStorage.setItem(STORE, lang); } catch (e) { /* storage off: the URL still says it */ }
    } else {
      try { lang = window.localStorage.getItem(STORE); } catch (e) { lang = null; }
    }
    return lang === "en" ? "en" : "zh";
  }

  const LANG = chooseLang();

  const STRINGS = {
    zh: {
      "verify.pageTitle": "核验司法文书 — 法院联盟链",
      "verify.title": "核验司法文书",
      "verify.lede": "请选择您收到的文件。文件指纹（SHA-256）由您的浏览器自行计算，<strong>文件本身不会离开您的电脑</strong>：只把指纹与法院联盟链上的记录比对。",
      "verify.document": "文件",
      "verify.chooseFile": "选择文件",
      "verify.chooseProof": "选择证明文件",
      "verify.noFile": "未选择文件",
      "verify.drop": "或将文件拖放到此处",
      "verify.proofSummary": "文件附有证明文件（批量存证的文件）",
      "verify.proofLabel": "证明文件（<code>.proof.json</code>）",
      "verify.hashSummary": "我已经有文件指纹",
      "verify.hashLabel": "SHA-256（64 位十六进制数字）",
      "verify.button": "核验",
      "verify.computing": "正在计算文件指纹…",
      "verify.caseLabel": "查看案件公开进程",
      "verify.casePlaceholder": "(2027)京0491民初1号",
      "verify.caseButton": "打开",
      "verify.caseHint": "输入案号（全角、半角括号或〔〕均可）或案件编号。",
      "footer.text": "法院联盟链只读门户",
      "footer.api": "JSON 接口（OpenAPI）",
      "footer.connecting": "正在连接…",
      "case.pageTitle": "案件公开进程 — 法院联盟链",
      "case.title": "案件公开进程",
      "case.lede": "本案在法院联盟链上的全部公开记录：立案、调解协议与义务、执行及其款项、本案的信用惩戒名单、送达与存证文件，按时间排列。不显示任何个人信息：当事人在链上只以加盐承诺值出现，文件只以指纹出现。",
      "case.loading": "正在加载…",
      "case.back": "核验文件",
      switchTo: "English",
      "outcome.match": "真实：该文件已在链上存证",
      "outcome.revoked": "已在链上存证，但已被撤销",
      "outcome.superseded": "已在链上存证，但已被其他文件替代",
      "outcome.no-record": "不匹配：该文件与链上任何记录都不匹配",
      "outcome.bad-proof": "证明不成立",
      "outcome.error": "无法核验",
      unreachable: "无法连接门户。请检查网络后重试。",
      notJson: (s) => "门户返回的不是 JSON（状态 " + s + "）。",
      noAnswer: "门户未能给出答复。",
      chooseFirst: "请先选择文件（或填写文件指纹）。",
      cannotRead: "浏览器无法读取该文件：",
      computingOf: (n) => "正在计算 " + n + " 的文件指纹…",
      computed: "文件指纹已在您的浏览器中计算完成",
      none: "无",
      timelineLink: "（公开进程）",
      partyItself: "案件当事人本人",
      noMember: "已不属于任何成员的账户",
      institution: "机构",
      rowFingerprint: "文件指纹（SHA-256）",
      rowKind: "文件类别",
      rowBy: "存证人",
      rowAt: "存证时间",
      rowCase: "案件",
      rowStatus: "状态",
      rowBatch: "批次根哈希",
      rowSupersededOn: "替代时间",
      rowRevokedOn: "撤销时间",
      rowSupersededBy: "替代文件",
      rowAnchor: (i, n) => "存证 " + i + "/" + n,
      rowService: (id) => "送达 " + id,
      rowComputed: "计算",
      rowChain: "区块链",
      by: "，",
      servedAt: "送达于 ",
      acknowledgedAt: "签收于 ",
      bySignature: "（电子签名）",
      deemedAt: "视为送达于 ",
      computedText: (b, s, how) => b.toLocaleString("zh-CN") + " 字节，用时 " + s + " 秒，在您的浏览器中计算（" + how + "）",
      webcrypto: "Web Crypto",
      streamed: "分段流式计算",
      chainText: (id, c) => "链 " + id + "，存证合约 " + c,
      chainStatus: (id, b) => "链 " + id + "，区块 " + b,
      caseTitle: (r) => r + "：公开进程",
      caseTitleRaw: (r) => "案件 " + r + "：公开进程",
      eventsFrom: (n) => "共 " + n + " 条公开记录。",
      colWhen: "时间（北京时间）",
      colWhat: "事件",
      colDetails: "详情",
      colRecorded: "记录于",
      storyTitle: "案件概要",
      filing: "立案",
      caseNumber: "案号",
      filingId: "案件编号",
      status: "状态",
      claim: "诉讼标的",
      filedAt: "提交时间",
      obligations: "调解协议与义务",
      obligation: (id) => "义务 " + id,
      kind: "类别",
      total: "金额",
      paid: "已履行",
      confirmed: "已司法确认",
      enforcement: "执行",
      enforcementCase: (id) => "执行案件 " + id,
      seized: "已扣划",
      distributed: "已分配",
      withdrawn: "已领取",
      frozen: "冻结中",
      outstanding: "尚未执行到位",
      openedAt: "立案时间",
      listings: "信用惩戒（仅本案）",
      noListings: "本案没有信用惩戒记录。",
      entry: (id) => "条目 " + id,
      reason: "理由",
      until: "期限至",
      services: "送达",
      servicesText: (ids) => ids.length ? "送达编号 " + ids.join("、") : "无",
      documents: "存证文件",
      yes: "是",
      no: "否",
      details: {
        document: "文件", kind: "类别", root: "批次根哈希", count: "份数", supersededBy: "替代文件",
        serviceId: "送达编号", method: "送达方式", deemedServedAt: "视为送达时间", receipt: "回执",
        proposalId: "提议编号", entryId: "名单条目", reason: "理由", startsAt: "起始", endsAt: "期限至",
        caseNumber: "案号", obligationId: "义务编号", total: "金额", amount: "金额", claim: "主张金额",
        enforcementCase: "执行案件", orderId: "命令编号", assetId: "财产编号", distributed: "已分配",
      },
    },
    en: {
      "verify.pageTitle": "Verify a judicial document — court consortium chain",
      "verify.title": "Verify a judicial document",
      "verify.lede": "Choose the document you received. Your browser computes its fingerprint (SHA-256) itself; <strong>the document never leaves your computer</strong>: only the fingerprint is checked against the court consortium chain.",
      "verify.document": "Document",
      "verify.chooseFile": "Choose a file",
      "verify.chooseProof": "Choose the proof file",
      "verify.noFile": "no file chosen",
      "verify.drop": "or drop the file here",
      "verify.proofSummary": "The document came with a proof file (documents anchored in a batch)",
      "verify.proofLabel": "Proof file (<code>.proof.json</code>)",
      "verify.hashSummary": "I already have the fingerprint",
      "verify.hashLabel": "SHA-256 (64 hexadecimal digits)",
      "verify.button": "Verify",
      "verify.computing": "Computing the fingerprint…",
      "verify.caseLabel": "Public timeline of a case",
      "verify.casePlaceholder": "(2027)京0491民初1号",
      "verify.caseButton": "Open",
      "verify.caseHint": "The official case number (full- or half-width brackets or 〔〕) or the case's number.",
      "footer.text": "Read-only portal of the court consortium chain",
      "footer.api": "JSON API (OpenAPI)",
      "footer.connecting": "connecting…",
      "case.pageTitle": "Case timeline — court consortium chain",
      "case.title": "Case timeline",
      "case.lede": "Every public record of this case on the court consortium chain, in order: filing, agreements and obligations, enforcement and its money, this case's own credit listings, services and anchored documents. No personal data is shown: parties appear on the chain only as salted commitments, and documents only by fingerprint.",
      "case.loading": "Loading…",
      "case.back": "Verify a document",
      switchTo: "中文",
      "outcome.match": "Authentic: this document is on the chain",
      "outcome.revoked": "On the chain, but REVOKED",
      "outcome.superseded": "On the chain, but SUPERSEDED by another document",
      "outcome.no-record": "No match: this file matches no record on the chain",
      "outcome.bad-proof": "The proof does not fit",
      "outcome.error": "Could not verify",
      unreachable: "The portal could not be reached. Check your connection and try again.",
      notJson: (s) => "The portal gave an answer that is not JSON (status " + s + ").",
      noAnswer: "The portal could not answer.",
      chooseFirst: "Choose a document first (or give its fingerprint).",
      cannotRead: "Your browser could not read the file: ",
      computingOf: (n) => "Computing the fingerprint of " + n + "…",
      computed: "Fingerprint computed in your browser",
      none: "none",
      timelineLink: " (public timeline)",
      partyItself: "a party to the case, as itself",
      noMember: "an account no longer with a member",
      institution: "institution",
      rowFingerprint: "Fingerprint (SHA-256)",
      rowKind: "Kind",
      rowBy: "Anchored by",
      rowAt: "Anchored on",
      rowCase: "Case",
      rowStatus: "Status",
      rowBatch: "Batch root",
      rowSupersededOn: "Superseded on",
      rowRevokedOn: "Revoked on",
      rowSupersededBy: "Superseded by",
      rowAnchor: (i, n) => "Anchor " + i + " of " + n,
      rowService: (id) => "Service " + id,
      rowComputed: "Computed",
      rowChain: "Chain",
      by: ", ",
      servedAt: "served ",
      acknowledgedAt: "acknowledged ",
      bySignature: " by signature",
      deemedAt: "deemed served ",
      computedText: (b, s, how) => b.toLocaleString("en") + " bytes in " + s + " s in your browser (" + how + ")",
      webcrypto: "Web Crypto",
      streamed: "streamed",
      chainText: (id, c) => "chain " + id + ", registry " + c,
      chainStatus: (id, b) => "chain " + id + ", block " + b,
      caseTitle: (r) => r.charAt(0).toUpperCase() + r.slice(1) + ": public timeline",
      caseTitleRaw: (r) => "Case " + r + ": public timeline",
      eventsFrom: (n) => n + " public records.",
      colWhen: "When (Beijing time)",
      colWhat: "What happened",
      colDetails: "Details",
      colRecorded: "Recorded in",
      storyTitle: "The case's story",
      filing: "Filing",
      caseNumber: "Case number",
      filingId: "Case id",
      status: "Status",
      claim: "Claim",
      filedAt: "Filed on",
      obligations: "Agreements and obligations",
      obligation: (id) => "Obligation " + id,
      kind: "Kind",
      total: "Amount",
      paid: "Paid",
      confirmed: "Judicially confirmed",
      enforcement: "Enforcement",
      enforcementCase: (id) => "Enforcement case " + id,
      seized: "Seized",
      distributed: "Distributed",
      withdrawn: "Withdrawn by creditors",
      frozen: "Frozen",
      outstanding: "Outstanding",
      openedAt: "Opened on",
      listings: "Credit listings (this case only)",
      noListings: "No credit listing comes from this case.",
      entry: (id) => "Entry " + id,
      reason: "Reason",
      until: "Until",
      services: "Service of documents",
      servicesText: (ids) => ids.length ? "service " + ids.join(", ") : "none",
      documents: "Anchored documents",
      yes: "yes",
      no: "no",
      details: {
        document: "document", kind: "kind", root: "batch root", count: "count", supersededBy: "superseded by",
        serviceId: "service", method: "method", deemedServedAt: "deemed served", receipt: "receipt",
        proposalId: "proposal", entryId: "entry", reason: "reason", startsAt: "from", endsAt: "until",
        caseNumber: "case number", obligationId: "obligation", total: "amount", amount: "amount", claim: "claim",
        enforcementCase: "enforcement case", orderId: "order", assetId: "property", distributed: "distributed",
      },
    },
  };

  const S = STRINGS[LANG];

  function applyLanguage() {
    document.documentElement.lang = LANG === "en" ? "en" : "zh-CN";
    for (const node of document.querySelectorAll("[data-i18n]")) {
      const v = S[node.dataset.i18n];
      if (typeof v === "string") node.textContent = v;
    }
    for (const node of document.querySelectorAll("[data-i18n-html]")) {
      const v = S[node.dataset.i18nHtml];
      if (typeof v === "string") node.innerHTML = v;  // the portal's own fixed strings, never data
    }
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
      node.placeholder = S[node.dataset.i18nPlaceholder];
    }
    const sw = $("lang-switch");
    if (sw) {
      const other = LANG === "en" ? "zh" : "en";
      const params = new URLSearchParams(window.location.search);
      params.set("lang", other);
      sw.href = window.location.pathname + "?" + params.toString();
      sw.textContent = S.switchTo;
      sw.lang = other === "en" ? "en" : "zh-CN";
    }
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
    return node;
  }

  function withLang(url) {
    return url + (url.includes("?") ? "&" : "?") + "lang=" + LANG;
  }

  async function api(method, url, body) {
    let resp;
    try {
      resp = await fetch(withLang(url), {
        method: method,
        headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body,
      });
    } catch (e) {
      return { status: 0, data: { error: "portal_unreachable", message: S.unreachable } };
    }
    let data;
    try {
      data = await resp.json();
    } catch (e) {
      data = { error: "bad_answer", message: S.notJson(resp.status) };
    }
    return { status: resp.status, data: data };
  }

  // ------------------------------------------------------------------------------------------------ verify page

  function showResult(outcome, message, rows, timing) {
    const box = $("result");
    box.hidden = false;
    box.className = "outcome-" + outcome;
    box.dataset.outcome = outcome;
    box.replaceChildren(el("h2", {}, S["outcome." + outcome]), el("p", { id: "result-message" }, message));
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
    if (!r.caseId) return S.none;
    return el("a", { href: "/cases/" + r.caseId }, r.caseReference + S.timelineLink);
  }

  function whoText(sub) {
    if (sub.capacity === "party") return S.partyItself;
    const role = sub.roleText || sub.role;
    return (sub.memberName || S.noMember) + (LANG === "en"
      ? " (" + S.institution + (role ? ", " + role : "") + ")"
      : "（" + S.institution + (role ? "，" + role : "") + "）");
  }

  function reportRows(r, hashInfo) {
    const rows = [
      [S.rowFingerprint, el("span", { class: "hash" }, r.contentHash)],
      [S.rowKind, r.kindText || r.kind],
      [S.rowBy, whoText(r.submitter)],
      [S.rowAt, r.anchoredAtText],
      [S.rowCase, caseLink(r)],
      [S.rowStatus, r.statusText || r.status],
    ];
    if (r.batch) rows.push([S.rowBatch, el("span", { class: "hash" }, r.batch.root)]);
    if (r.revocation) {
      rows.push([r.status === "superseded" ? S.rowSupersededOn : S.rowRevokedOn,
        r.revocation.revokedAtText + (r.revocation.revokedByMember ? S.by + r.revocation.revokedByMember : "")]);
      if (r.revocation.supersededBy) {
        rows.push([S.rowSupersededBy, el("span", { class: "hash" }, r.revocation.supersededBy)]);
      }
    }
    const anchors = r.anchors || [];
    if (anchors.length > 1) {
      anchors.forEach(function (a, i) {
        rows.push([S.rowAnchor(i + 1, anchors.length),
          [a.kindText, whoText(a.submitter), a.anchoredAtText, a.statusText].join(S.by)]);
      });
    }
    for (const s of r.services || []) {
      let text = s.statusText + " (" + s.methodText + S.by + S.servedAt + s.servedAtText;
      if (s.status === "acknowledged") text += S.by + S.acknowledgedAt + s.acknowledgedAtText + (s.bySignature ? S.bySignature : "");
      else text += S.by + S.deemedAt + s.deemedServedAtText;
      rows.push([S.rowService(s.serviceId), text + ")"]);
    }
    if (hashInfo) {
      rows.push([S.rowComputed, S.computedText(hashInfo.bytes, hashInfo.seconds.toFixed(2),
        hashInfo.method === "webcrypto" ? S.webcrypto : S.streamed)]);
    }
    rows.push([S.rowChain, S.chainText(r.chain.chainId, r.chain.contract)]);
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
        $("progress-label").textContent = S.computingOf(file.name);
        hashInfo = await window.CourtchainHash.hashBlob(file, {
          onProgress: (f) => { bar.value = f; text.textContent = Math.round(f * 100) + " %"; },
        });
        hex = hashInfo.hex;
        $("progress-label").textContent = S.computed;
      } else if (typed) {
        hex = typed;
      } else {
        showResult("error", S.chooseFirst);
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
      const fp = [S.rowFingerprint, el("span", { class: "hash" }, shown)];
      if (res.status === 200) {
        const outcome = d.status === "active" ? "match" : d.status;
        showResult(outcome, d.summary, reportRows(d, hashInfo), timing);
      } else if (d.error === "no_matching_record" || d.error === "proof_for_another_document") {
        showResult("no-record", d.message, [fp], timing);
      } else if (res.status === 422) {
        showResult("bad-proof", d.message, [fp], timing);
      } else {
        showResult("error", d.message || S.noAnswer, [fp], timing);
      }
    } catch (e) {
      showResult("error", S.cannotRead + (e && e.message ? e.message : e));
    } finally {
      $("verify").disabled = false;
    }
  }

  function initVerify() {
    $("verify-form").addEventListener("submit", verify);
    for (const [input, shown] of [["file", "file-name"], ["proof", "proof-name"]]) {
      $(input).addEventListener("change", () => {
        const f = $(input).files[0];
        $(shown).textContent = f ? f.name : S["verify.noFile"];
      });
    }
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
        ? S.chainStatus(res.data.chainId, res.data.block)
        : res.data.message;
    });
  }

  // -------------------------------------------------------------------------------------------------- case page

  function figures(rows) {
    const dl = el("dl", { class: "figures" });
    for (const [k, v, id] of rows) {
      if (v === null || v === undefined || v === "") continue;
      const attrs = id ? { "data-figure": id } : {};
      if (typeof v === "string" && v.startsWith("¥")) attrs.class = "amount";
      dl.append(el("dt", {}, k), el("dd", attrs, v));
    }
    return dl;
  }

  function card(title, ...content) {
    return el("div", { class: "card" }, el("h3", {}, title), ...content);
  }

  function storyView(s) {
    const box = $("story");
    const cards = [];
    if (s.filing) {
      cards.push(card(S.filing, figures([
        [S.caseNumber, s.filing.caseNumber],
        [S.filingId, String(s.filing.id)],
        [S.status, s.filing.status],
        [S.claim, s.filing.claim.text],
        [S.filedAt, s.filing.filedAtText],
      ])));
    }
    if (s.obligations.length) {
      cards.push(card(S.obligations, ...s.obligations.map((o) => el("div", { class: "item", "data-obligation": o.id },
        el("h4", {}, S.obligation(o.id)),
        figures([[S.kind, o.kind], [S.status, o.status], [S.total, o.total.text], [S.paid, o.paid.text],
          [S.confirmed, o.judiciallyConfirmed ? S.yes : S.no]])))));
    }
    for (const e of s.enforcements) {
      cards.push(card(S.enforcementCase(e.id), el("div", { class: "item", "data-enforcement": e.id }, figures([
        [S.status, e.status],
        [S.openedAt, e.openedAtText],
        [S.seized, e.seized.text, "seized"],
        [S.distributed, e.distributed.text, "distributed"],
        [S.withdrawn, e.withdrawn.text, "withdrawn"],
        [S.frozen, e.frozen.text, "frozen"],
        [S.outstanding, e.outstanding.text, "outstanding"],
      ]))));
    }
    const listings = el("div", { id: "listings" });
    if (s.listings.length) {
      for (const x of s.listings) {
        listings.append(el("div", { class: "item", "data-entry": x.entryId }, el("h4", {}, S.entry(x.entryId) + " · " + x.kind),
          figures([[S.status, x.status], [S.reason, x.reason], [S.until, x.endsAtText]])));
      }
    } else {
      listings.append(el("p", { class: "muted" }, S.noListings));
    }
    cards.push(card(S.listings, listings));
    const docs = el("ul", { class: "documents" });
    for (const d of s.documents) docs.append(el("li", {}, el("span", { class: "hash" }, d)));
    cards.push(card(S.services, el("p", {}, S.servicesText(s.services))));
    if (s.documents.length) cards.push(card(S.documents, docs));
    box.replaceChildren(el("h2", {}, S.storyTitle), el("div", { class: "cards" }, ...cards));
    box.hidden = false;
  }

  async function initCase() {
    const raw = decodeURIComponent(window.location.pathname.replace(/^\/cases\//, ""));
    $("case-title").textContent = S.caseTitleRaw(raw);
    const box = $("timeline");
    const res = await api("GET", "/api/v1/cases/" + encodeURIComponent(raw) + "/timeline");
    box.dataset.status = String(res.status);
    if (res.status !== 200) {
      box.replaceChildren(el("p", { class: "error", id: "timeline-message" }, res.data.message || S.noAnswer));
      return;
    }
    storyView(res.data.story);
    const table = el("table", { id: "timeline-table", class: "stack" },
      el("thead", {}, el("tr", {}, el("th", {}, S.colWhen), el("th", {}, S.colWhat),
        el("th", {}, S.colDetails), el("th", {}, S.colRecorded))));
    const body = el("tbody", {});
    for (const e of res.data.entries) {
      const details = el("div", {});
      for (const [k, v] of Object.entries(e.details)) {
        if (k.endsWith("Text")) continue;
        const shown = (k + "Text") in e.details ? e.details[k + "Text"] : v;
        const name = S.details[k] || k;
        details.append(el("div", {}, name + (LANG === "en" ? ": " : "："),
          el("span", { class: typeof v === "string" && v.startsWith("0x") ? "hash" : "" }, shown)));
      }
      body.append(el("tr", { class: e.derived ? "derived" : "" },
        el("td", { class: "when", "data-label": S.colWhen }, e.timeText),
        el("td", { class: "what", "data-label": S.colWhat }, e.title),
        el("td", { class: "details", "data-label": S.colDetails }, details),
        el("td", { class: "where", "data-label": S.colRecorded }, e.recordedText)));
    }
    table.append(body);
    $("case-title").textContent = S.caseTitle(res.data.caseReferenceText || res.data.caseReference);
    box.replaceChildren(el("p", {}, S.eventsFrom(res.data.count)), el("div", { class: "table-box" }, table));
  }

  document.addEventListener("DOMContentLoaded", () => {
    applyLanguage();
    if (document.body.dataset.page === "verify") initVerify();
    if (document.body.dataset.page === "case") initCase();
  });
})();

/* The bankruptcy page: reads GET /api/v1/bankruptcy/{caseId} and shows each meeting's published result per class and
   the claims table. Chinese by default; English by the switch (?lang=en, kept in localStorage, as portal.js does). */
(function () {
  "use strict";
  const STORE = "courtchain.lang";
  function pickLang() {
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
  const LANG = pickLang();
  const W = {
    zh: { meeting: "债权人会议", claims: "债权表", cls: "表决组", result: "结果", passed: "通过", failed: "未通过",
      heads: "人数（同意 / 反对 / 出席 / 总数）", amounts: "债权额（同意 / 反对 / 出席 / 总额）",
      pctHeads: "同意占出席人数", pctAmount: "同意占债权总额", ballots: "投票", revote: "再次表决，原会议", item: "议题", equity: "调整出资人权益",
      claim: "债权", kind: "性质", secured: "有担保", filed: "申报额", amount: "审查额", status: "审查状态",
      objections: "异议", evidence: "证据哈希", yes: "是", no: "否", voting: "表决期", error: "查询失败",
      final: "最后分配公告", unclaimed: "未领取的分配额此后分配给其他债权人（第一百一十八条）", closed: "终结破产程序",
      litigated: "诉讼或仲裁未决债权的提存分配额此后分配给其他债权人（第一百一十九条）" },
    en: { meeting: "Creditors' meeting", claims: "Claims table", cls: "Class", result: "Result", passed: "passed",
      failed: "failed", heads: "Heads (for / against / present / total)",
      amounts: "Amounts (for / against / present / total)", pctHeads: "For of present heads",
      pctAmount: "For of total amount", ballots: "Ballots", revote: "re-vote of meeting", item: "Item", equity: "adjusts shareholders' equity", claim: "Claim",
      kind: "Kind", secured: "Secured", filed: "Filed", amount: "Reviewed", status: "Review status",
      objections: "Objections", evidence: "Evidence hash", yes: "yes", no: "no", voting: "Voting", error: "Look-up failed",
      final: "Final distribution announced", unclaimed: "uncollected money goes to the other creditors after (art. 118)",
      closed: "Procedure ended", litigated: "litigated claims' reserves go to the other creditors after (art. 119)" },
  }[LANG];

  function el(tag, text) { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); return e; }
  function row(cells, head) {
    const tr = el("tr");
    cells.forEach(function (c) { tr.appendChild(el(head ? "th" : "td", c)); });
    return tr;
  }
  function table(head, rows) {
    const t = el("table"); t.appendChild(row(head, true)); rows.forEach(function (r) { t.appendChild(row(r)); }); return t;
  }

  function show(data) {
    const out = document.getElementById("bankruptcy-result");
    out.textContent = "";
    if (data.finalDistributionAt) {  // art. 116-119: the dates the release deadlines run from
      out.appendChild(el("p", W.final + ": " + data.finalDistributionAt + " · " + W.unclaimed + ": " +
        data.unclaimedLapseAfter));
    }
    if (data.closedAt) {
      out.appendChild(el("p", W.closed + ": " + data.closedAt + " · " + W.litigated + ": " + data.litigatedLapseAfter));
    }
    data.meetings.forEach(function (m) {
      const s = el("section"); s.className = "meeting";
      s.appendChild(el("h2", W.meeting + " " + m.meetingId + " · " + m.status));
      s.appendChild(el("p", W.voting + ": " + m.startsAt + " – " + m.closesAt + " · " + W.ballots + ": " + m.ballots));
      m.items.forEach(function (it) {
        let title = W.item + " " + it.item + " · " + it.resolution + " · " + it.status;
        if (it.adjustsEquity) title += " · " + W.equity;
        if (it.revoteOf) title += " (" + W.revote + " " + it.revoteOf.meetingId + " · " + W.item + " " + it.revoteOf.item + ")";
        s.appendChild(el("h3", title));
        s.appendChild(table([W.cls, W.result, W.heads, W.pctHeads, W.amounts, W.pctAmount], it.classes.map(function (c) {
          return [c["class"], c.passed ? W.passed : W.failed,
            [c.forHeads, c.againstHeads, c.presentHeads, c.totalHeads].join(" / "), c.forOfPresentHeads,
            [c.forAmount.text, c.againstAmount.text, c.presentAmount.text, c.totalAmount.text].join(" / "),
            c.forOfTotalAmount];
        })));
      });
      out.appendChild(s);
    });
    const s = el("section"); s.className = "claims";
    s.appendChild(el("h2", W.claims));
    s.appendChild(table([W.claim, W.kind, W.secured, W.filed, W.amount, W.status, W.objections, W.evidence],
      data.claims.map(function (c) {
        return [c.claimId, c.kind, c.secured ? W.yes : W.no, c.filed.text, c.amount.text, c.status, c.objections,
          c.evidenceHash];
      })));
    out.appendChild(s);
  }

  function look(caseId) {
    // the claims table comes in pages (200 claims each); the meetings with every page
    let claims = [];
    function get(page) {
      fetch("/api/v1/bankruptcy/" + encodeURIComponent(caseId) + "?lang=" + LANG + "&per_page=200&page=" + page)
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (x) {
          if (!x.ok) {
            const out = document.getElementById("bankruptcy-result");
            out.textContent = W.error + ": " + (x.j.message || x.j.error);
            return;
          }
          claims = claims.concat(x.j.claims);
          if (x.j.page < x.j.pages) { get(x.j.page + 1); return; }
          x.j.claims = claims;
          show(x.j);
        });
    }
    get(1);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.documentElement.lang = LANG === "en" ? "en" : "zh-CN";
    document.querySelectorAll("[data-zh]").forEach(function (e) { e.textContent = e.getAttribute("data-" + LANG); });
    const sw = document.getElementById("lang-switch");
    const params = new URLSearchParams(window.location.search);
    params.set("lang", LANG === "en" ? "zh" : "en");
    sw.href = "?" + params.toString();
    sw.textContent = LANG === "en" ? "中文" : "English";
    const form = document.getElementById("bankruptcy-form");
    const input = document.getElementById("case-id");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      const p = new URLSearchParams(window.location.search);
      p.set("case", input.value);
      window.history.replaceState(null, "", "?" + p.toString());
      look(input.value);
    });
    const asked = params.get("case");
    if (asked) { input.value = asked; look(asked); }
  });
})();

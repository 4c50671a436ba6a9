// The credential page: read the file here, post its JSON to the portal's verify endpoint (nothing is stored), show
// the issuer, the holder, the standing read from the chain and any discipline public now. Chinese first.
(function () {
  "use strict";

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function row(dl, label, value) {
    dl.appendChild(el("dt", label));
    dl.appendChild(el("dd", value));
  }

  function show(result, body, ok) {
    result.replaceChildren();
    const box = el("div", undefined, ok ? "result ok" : "result bad");
    result.appendChild(box);
    return box;
  }

  async function verify(event) {
    event.preventDefault();
    const result = document.getElementById("credential-result");
    const file = document.getElementById("credential-file").files[0];
    if (!file) return;
    let vc;
    try {
      vc = JSON.parse(await file.text());
    } catch (e) {
      show(result, null, false).appendChild(el("p", "文件不是 JSON。The file is not JSON."));
      return;
    }
    let resp, body;
    try {
      resp = await fetch("/api/v1/credentials/verify", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(vc),
      });
      body = await resp.json();
    } catch (e) {
      show(result, null, false).appendChild(el("p", "门户无法连接。The portal cannot be reached."));
      return;
    }
    if (!resp.ok) {
      const box = show(result, body, false);
      box.appendChild(el("h2", "未通过核验 Not verified"));
      box.appendChild(el("p", body.message || body.error));
      return;
    }
    const box = show(result, body, body.valid);
    box.appendChild(el("h2", body.valid ? "有效 Valid" : "当前无效 Not valid now: " + body.validityText));
    const dl = el("dl");
    row(dl, "证书 Credential", body.kindText + " #" + body.credentialId);
    row(dl, "持证人 Holder", body.holder);
    row(dl, "执业机构 Firm", body.firm + (body.category ? "（" + body.category + "）" : ""));
    row(dl, "发证机关 Issuer", body.issuer.name + " (" + body.issuer.memberStatus +
      (body.issuer.authorised ? "" : ", no longer authorised") + ")");
    row(dl, "签名账户 Signed by", body.signer);
    row(dl, "有效期至 Valid until", body.validUntil);
    row(dl, "状态 Status", body.statusText);
    row(dl, "核验时间 Checked at", body.checkedAt);
    box.appendChild(dl);
    if (body.publicDiscipline.length) {
      box.appendChild(el("h3", "公开的处分 Public discipline"));
      const ul = el("ul");
      body.publicDiscipline.forEach(function (d) {
        ul.appendChild(el("li", d.typeText + " · " + d.recordedAt + " · public until " + d.publicUntil));
      });
      box.appendChild(ul);
    }
  }

  document.getElementById("credential-form").addEventListener("submit", verify);
})();

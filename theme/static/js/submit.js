/* Submission form: checks each field by the rules in its attributes (generated from the
   schema), with the receiver's words for each mistake (data-msg-<rule>), shows errors next to
   the fields when it is sent, and builds the JSON document. With a receiver
   (data-endpoint) it sends the document there and shows the receipt, or the receiver's
   problems next to their fields; without one it offers download and e-mail. */
(function () {
  "use strict";
  var form = document.getElementById("submission");
  if (!form) return;
  var result = document.getElementById("result");
  var summary = document.getElementById("error-summary");
  var noJs = document.getElementById("no-js");
  if (noJs) noJs.hidden = true;
  form.hidden = false;

  function controls(name) { return form.querySelectorAll('[name="' + name + '"]'); }
  function fieldOf(el) { return el.closest("fieldset") || el; }
  function setError(el, message) {
    var field = fieldOf(el);
    var box = document.getElementById(field.id + "-error");
    box.textContent = message || "";
    box.hidden = !message;
    field.setAttribute("aria-invalid", message ? "true" : "false");
  }
  function label(el) {
    var field = fieldOf(el);
    var text = field.tagName === "FIELDSET" ? field.querySelector("legend").firstChild.textContent
      : form.querySelector('label[for="' + field.id + '"]').firstChild.textContent;
    return text.trim();
  }
  function realDate(v) {
    var d = new Date(v + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === v;
  }
  /* The receiver's words for each mistake come with the field (data-msg-<rule>). */
  function check(el) {
    var v = (el.value || "").trim(), say = el.dataset;
    if (el.tagName === "FIELDSET") {
      var picked = el.querySelectorAll("input:checked");
      if (say.msgNoneWithOthers && picked.length > 1 && el.querySelector('input[value=""]:checked')) {
        return say.msgNoneWithOthers;
      }
      return !picked.length && say.msgRequired || "";
    }
    if (el.validity && el.validity.badInput && say.msgNoSuchDate) return say.msgNoSuchDate;
    if (!v) return say.msgRequired || "";
    if (say.msgBadDate && !/^\d{4}-\d{2}-\d{2}$/.test(v)) return say.msgBadDate;
    if (say.msgNoSuchDate && !realDate(v)) return say.msgNoSuchDate;
    if (say.msgPattern && !new RegExp(say.pattern).test(v)) return say.msgPattern;
    if (say.msgTooLong && Array.from(v).length > el.maxLength) return say.msgTooLong;
    return "";
  }
  function fields() {
    return Array.prototype.filter.call(form.querySelectorAll("[data-name]"), function (el) {
      return el.tagName === "FIELDSET" || el.tagName !== "INPUT" || !el.closest("fieldset");
    });
  }
  function value(el) {
    if (el.dataset.kind === "radio") {
      var on = el.querySelector("input:checked");
      return on ? on.value : null;
    }
    if (el.dataset.kind === "checkboxes") {
      var boxes = el.querySelectorAll("input:checked");
      if (!boxes.length) return null;
      return Array.prototype.map.call(boxes, function (b) { return b.value; }).filter(Boolean);
    }
    return el.value.trim() || null;
  }
  function documentOf() {
    var doc = {};
    fields().forEach(function (el) {
      var path = el.dataset.name.split(".");
      if (path.length === 2) {
        doc[path[0]] = doc[path[0]] || {};
        doc[path[0]][path[1]] = value(el);
      } else if (value(el) !== null || el.dataset.kind !== "radio") {
        doc[path[0]] = value(el);  // a radio group left alone is not stated: left out
      }
    });
    if (doc.contact && Object.keys(doc.contact).every(function (k) { return !doc.contact[k]; })) {
      doc.contact = null;
    }
    return doc;
  }

  /* Messages change only on sending: shown on blur, one moved the button from under a click. */
  function showErrors(errors) {
    var list = summary.querySelector("ul");
    list.textContent = "";
    errors.forEach(function (e) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#" + fieldOf(e[0]).id;
      a.textContent = label(e[0]) + ": " + e[1];
      li.append(a);
      list.append(li);
    });
    summary.hidden = !errors.length;
    if (errors.length) summary.focus();
  }
  function offerDownload(doc, text, message) {
    var name = "standpunt-" + doc.corporation + "-" + new Date().toISOString().slice(0, 10) + ".json";
    var download = document.getElementById("result-download");
    download.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    download.download = name;
    document.getElementById("result-document").textContent = text;
    var editors = form.dataset.editors, mail = document.getElementById("result-mail");
    document.getElementById("result-mail-item").hidden = !editors;
    if (editors) {
      mail.href = "mailto:" + editors + "?subject=" + encodeURIComponent("Standpunt " + doc.corporation) +
        "&body=" + encodeURIComponent(text);
    }
    document.getElementById("result-kop").textContent = "Uw bericht is klaar";
    document.getElementById("result-offer").hidden = false;
    document.getElementById("result-status").textContent = message;
    result.hidden = false;
    result.focus();
  }
  function showReceipt(answer) {
    document.getElementById("result-kop").textContent = "Uw bericht is ontvangen";
    document.getElementById("result-offer").hidden = true;
    document.getElementById("result-status").textContent =
      "Uw ontvangstnummer is " + answer.receipt + ". " + answer.next;
    form.hidden = true;
    result.hidden = false;
    result.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var errors = [];
    fields().forEach(function (el) {
      var message = check(el);
      setError(el, message);
      if (message) errors.push([el, message]);
    });
    var from = form.elements.effective_from, until = form.elements.effective_until;
    if (!errors.length && until.value && until.value < from.value) {
      setError(until, until.dataset.msgBeforeStart);
      errors.push([until, until.dataset.msgBeforeStart]);
    }
    showErrors(errors);
    if (errors.length) return;
    var doc = documentOf();
    var text = JSON.stringify(doc, null, 2);
    if (!form.dataset.endpoint) {
      offerDownload(doc, text, "Download het bericht en stuur het naar de redactie.");
      return;
    }
    var extra = form.elements.hw_extra;
    var body = JSON.stringify(Object.assign({}, doc, extra && extra.value ? { hw_extra: extra.value } : {}));
    fetch(form.dataset.endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, body: body, credentials: "omit" })
      .then(function (r) { return r.json().then(function (answer) { return [r.status, answer]; }); })
      .then(function (pair) {
        var status = pair[0], answer = pair[1];
        if (status === 201) { showReceipt(answer); return; }
        if (status === 400 && answer.problems) {
          var found = [];
          answer.problems.forEach(function (p) {
            var el = form.querySelector('[data-name="' + p.field + '"]');
            if (el) { setError(el, p.bericht); found.push([el, p.bericht]); }
          });
          if (found.length) { showErrors(found); return; }
        }
        offerDownload(doc, text, answer.bericht || "Versturen lukte niet. Download het bericht en mail het.");
      })
      .catch(function () {
        offerDownload(doc, text, "Versturen lukte niet. Download het bericht en mail het.");
      });
  });
})();

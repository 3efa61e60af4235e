/* The payment-plan letter: fills the blanks as you type, then copies, downloads, prints or
   mails it. Everything stays in this page: no request, no cookie, no storage. Without this
   script the letter shows its blanks in [brackets]. */
(function () {
  "use strict";
  var form = document.querySelector("[data-letter-form]");
  var letter = document.querySelector("[data-letter]");
  var status = document.querySelector("[data-letter-status]");
  if (!form || !letter || !window.Blob) return;
  var months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
    "september", "oktober", "november", "december"];
  var blanks = document.querySelectorAll("[data-field]");
  var placeholders = [];
  Array.prototype.forEach.call(blanks, function (b) { placeholders.push(b.textContent); });
  var inputs = form.querySelectorAll("[data-fill]");
  var agreements = letter.querySelectorAll("[data-from]");
  var mail = document.getElementById("letter-mail");

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function shown(name, value) {
    value = value.trim();
    if (name === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      var p = value.split("-");
      return +p[2] + " " + months[+p[1] - 1] + " " + p[0];
    }
    if (name === "amount" || name === "monthly") return value.replace(/^€\s*/, "");
    return value;
  }

  function text() {
    return letter.innerText.replace(/\n{3,}/g, "\n\n\n").trim() + "\n";
  }

  function update() {
    var values = {};
    Array.prototype.forEach.call(inputs, function (input) {
      values[input.getAttribute("data-fill")] = input.value;
    });
    Array.prototype.forEach.call(blanks, function (b, i) {
      var name = b.getAttribute("data-field");
      var value = shown(name, values[name] || "");
      b.textContent = value || placeholders[i];
      b.classList.toggle("blank", !value);
    });
    var day = values.date || "";
    Array.prototype.forEach.call(agreements, function (p) {
      var to = p.getAttribute("data-to");
      p.hidden = !(/^\d{4}-\d{2}-\d{2}$/.test(day) && p.getAttribute("data-from") <= day &&
        (!to || day <= to));
    });
    if (mail) {
      var href = mail.getAttribute("href").split("&body=")[0];
      mail.setAttribute("href", href + "&body=" + encodeURIComponent(text()));
    }
  }

  function say(message) { status.textContent = message; }

  var actions = {
    copy: function () {
      var done = function () { say(status.dataset.copied); };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text()).then(done, function () {
          say(status.dataset.copyFailed);
        });
      } else {
        say(status.dataset.copyFailed);
      }
    },
    download: function () {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text()], { type: "text/plain;charset=utf-8" }));
      link.download = "brief-betalingsregeling.txt";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      say(status.dataset.downloaded);
    },
    print: function () { window.print(); }
  };

  form.addEventListener("input", update);
  form.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (button) actions[button.getAttribute("data-action")]();
  });
  var date = form.querySelector("[data-fill=date]");
  if (date && !date.value) {
    var now = new Date();
    date.value = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  var note = document.querySelector("[data-no-script]");
  if (note) note.hidden = true;
  form.hidden = false;
  update();
})();

/* An article's page while its pipeline runs: poll the status URL and show where it is, then its claims.
 *
 * Loaded from /static/ (the CSP allows no inline script). Reads the panel's data-status-url; polls while
 * the answer says pending, backing off on errors; fills the claim list with DOM nodes (textContent only,
 * never HTML from the server). Nothing on the page is reloaded, so nothing typed in the form is lost.
 */
(function () {
  "use strict";
  var panel = document.getElementById("fd-article-progress");
  if (!panel || panel.getAttribute("data-pending") !== "true") {
    return;
  }
  var url = panel.getAttribute("data-status-url");
  var sentence = panel.querySelector("[data-role=sentence]");
  var bar = panel.querySelector("progress");
  var list = panel.querySelector("[data-role=claims]");
  var queue = panel.querySelector("[data-role=queue]");
  var statusField = document.querySelector(".field-status .readonly");
  var delay = 1000;
  // Words and numbers in the page's language: data-text-* rendered by article_change_form.html.
  var lang = document.documentElement.lang || undefined;
  var plural = new Intl.PluralRules(lang);
  var whole = new Intl.NumberFormat(lang);
  var twoPlaces = new Intl.NumberFormat(lang, {minimumFractionDigits: 2, maximumFractionDigits: 2});

  function scoreText(score) {
    var words = (list && list.dataset.textScore) || "score {score}";
    return words.replace("{score}", twoPlaces.format(score));
  }

  function queueText(count) {
    var category = plural.select(count);  // "one", "few", "many" or "other": data-text-one, ...
    var words = queue.dataset["text" + category.charAt(0).toUpperCase() + category.slice(1)] ||
      queue.dataset.textOther || "Open this article's {count} claims in the claim queue";
    return words.replace("{count}", whole.format(count));
  }

  function claimItem(claim) {
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = claim.url;
    link.textContent = claim.text;
    var meta = document.createElement("span");
    meta.className = "fd-claim-meta";
    meta.textContent = scoreText(claim.score) + " · " + claim.type +
      (claim.speaker ? " · " + claim.speaker : "") + " · " + claim.state;
    item.appendChild(link);
    item.appendChild(document.createTextNode(" "));
    item.appendChild(meta);
    return item;
  }

  function show(data) {
    sentence.textContent = data.sentence;
    sentence.className = "fd-progress-sentence fd-status-" + data.status;
    if (statusField) {
      statusField.textContent = data.label;
    }
    if (bar) {
      bar.max = data.steps;
      bar.value = data.step;
      bar.hidden = !data.pending;
    }
    if (list && data.claims.length !== list.children.length) {
      list.replaceChildren.apply(list, data.claims.map(claimItem));
    }
    if (queue) {
      queue.hidden = !data.claim_count;
      var link = queue.querySelector("a");
      if (data.claim_count) {
        link.textContent = queueText(data.claim_count);  // the whole sentence: its words follow the count
      }
    }
    panel.setAttribute("data-pending", data.pending ? "true" : "false");
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin", cache: "no-store"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.pending) {
          delay = Math.min(delay * 1.25, 5000);
          window.setTimeout(poll, delay);
        }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
}());

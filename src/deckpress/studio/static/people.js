// Brands and clients: every field saves its own key when it changes; the file's version goes
// with each change, so a file changed elsewhere is never overwritten.
"use strict";
(() => {
  const person = document.getElementById("person");

  // colour swatches of the lists (no inline styles: the page's policy forbids them)
  for (const swatch of document.querySelectorAll("[data-colour]")) {
    swatch.style.backgroundColor = swatch.dataset.colour;
  }

  newForm("new-brand", (form) => ({ name: form.elements.name.value }));
  newForm("new-client", (form) => ({
    name: form.elements.name.value, brand: form.elements.brand.value, deck: form.elements.deck.value,
  }));

  function newForm(id, body) {
    const form = document.getElementById(id);
    if (!form) return;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const note = form.querySelector(".message");
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      const answer = await Studio.send("POST", form.dataset.api, body(form));
      button.disabled = false;
      if (answer.ok) {
        window.location.href = answer.data.url;
      } else {
        Studio.message(note, answer.data.error, "error");
      }
    });
  }

  if (!person) return;
  // notes keep their own classes when Studio.message sets theirs
  for (const note of person.querySelectorAll(".field-note")) note.dataset.base = note.className;
  function say(element, text, kind) {
    Studio.message(element, text, kind);
    if (element.dataset.base) element.className = element.dataset.base + " " + element.className;
  }
  const api = person.dataset.api;
  const kind = person.dataset.kind;
  const savedState = document.getElementById("saved-state");
  const pageMessage = document.getElementById("page-message");
  let version = person.dataset.version;
  let stale = false;

  function noteOf(element) {
    const field = element.closest(".field");
    return field ? field.querySelector(".field-note") : null;
  }

  function showState(text, kind) {
    savedState.textContent = text;
    savedState.className = "saved-state " + (kind || "");
  }

  function showStale(message) {
    stale = true;
    pageMessage.textContent = "";
    pageMessage.className = "message error";
    const text = document.createElement("span");
    text.textContent = message + " ";
    const reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Reload";
    reload.addEventListener("click", () => window.location.reload());
    pageMessage.append(text, reload);
    showState("Not saved", "error");
  }

  // Send one change; `note` shows what became of it. Resolves to the answer. Changes go one
  // after another, each with the version the one before it made.
  let queue = Promise.resolve();
  function change(method, url, body, note) {
    const run = queue.then(() => sendChange(method, url, body, note));
    queue = run.catch(() => undefined);
    return run;
  }

  async function sendChange(method, url, body, note) {
    if (stale) return { ok: false, status: 409, data: {} };
    showState("Saving…", "busy");
    const answer = await Studio.send(method, url, { ...body, version });
    if (answer.ok) {
      version = answer.data.version;
      person.dataset.version = version;
      showState("All changes saved", "ok");
      if (note) flash(note, "Saved", "ok");
      afterSave();
    } else if (answer.status === 409) {
      showStale(answer.data.error);
    } else {
      showState("Not saved", "error");
      if (note) say(note, answer.data.error, "error");
      else say(pageMessage, answer.data.error, "error");
    }
    return answer;
  }

  function flash(note, text, kind) {
    say(note, text, kind);
    note.classList.add("brief");
    clearTimeout(note.timer);
    note.timer = setTimeout(() => { if (note.textContent === text) say(note, "", ""); }, 2500);
  }

  function valueOf(input) {
    if (input.type === "checkbox") return input.checked;
    const text = input.value;
    return text.trim() === "" ? null : (input.tagName === "TEXTAREA" ? text : text.trim());
  }

  // plain fields: text, textarea, select
  for (const input of person.querySelectorAll("[data-key]")) {
    if (input.tagName === "BUTTON") continue;
    input.addEventListener("change", () => {
      change("PUT", api, { key: JSON.parse(input.dataset.key), value: valueOf(input) }, noteOf(input));
    });
  }

  // colours: the picker and the hex text go together; the text is what is saved
  for (const picker of person.querySelectorAll("input[type=color]")) {
    const text = document.getElementById(picker.dataset.pair);
    picker.addEventListener("change", () => {
      text.value = picker.value.toUpperCase();
      text.dispatchEvent(new Event("change"));
    });
    text.addEventListener("input", () => {
      if (/^#[0-9a-fA-F]{6}$/.test(text.value.trim())) picker.value = text.value.trim().toLowerCase();
    });
  }

  let refreshTimer = null;
  function afterSave() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(kind === "brand" ? refreshBrand : refreshClient, 250);
  }

  // --- brand -------------------------------------------------------------------------------

  async function refreshBrand() {
    drawPreviews();
    const state = document.getElementById("check-state");
    state.textContent = "Checking the colours on the cards…";
    const answer = await Studio.send("GET", api + "/check");
    if (!answer.ok) {
      state.textContent = answer.data.error || "The check could not run.";
      return;
    }
    showRatios(answer.data.ratios);
    markColours(answer.data.ratios, answer.data.findings);
    showFindings(answer.data.findings, state,
      answer.data.deck ? `Checked on ${answer.data.deck}, as deckpress check does.` : "No deck to check the colours on yet.",
      "No contrast problems: every text reads clearly on its background.");
  }

  function drawPreviews() {
    const deck = person.dataset.previewDeck;
    if (!deck) return;
    for (const image of person.querySelectorAll("#card-previews img")) {
      const query = new URLSearchParams({ card: image.dataset.card, side: image.dataset.side,
                                          as: "brand:" + person.dataset.name, v: version.slice(0, 12) });
      image.src = "/preview/" + deck + "?" + query;
    }
  }

  function showRatios(ratios) {
    for (const ratio of ratios || []) {
      const where = person.querySelector(`[data-ratio="${ratio.key}"]`);
      if (!where) continue;
      where.textContent = ratio.on_paper
        ? `${ratio.on_paper}:1 on the paper colour` : `text on it: ${ratio.with_text}:1`;
      where.title = "WCAG contrast: 4.5:1 or more reads well for body text, 3:1 for large text";
    }
  }

  // a colour that a contrast warning names is marked at its field too
  function markColours(ratios, findings) {
    for (const ratio of ratios || []) {
      const field = person.querySelector(`[data-colour-key="${ratio.key}"]`);
      const note = field && field.querySelector(".field-note");
      if (!note || note.classList.contains("error")) continue;
      const named = findings.filter((finding) => finding.line.includes(ratio.colour)).length;
      if (named) {
        say(note, `${named} text${named > 1 ? "s" : ""} on the cards ${named > 1 ? "are" : "is"} hard to read with this colour: see Readability.`, "warning");
      } else if (note.classList.contains("warning")) {
        say(note, "", "");
      }
    }
  }

  function showFindings(findings, state, done, clean) {
    const list = document.getElementById("findings");
    list.textContent = "";
    for (const finding of findings) {
      const item = document.createElement("li");
      item.className = "message " + (finding.severity === "error" ? "error" : "warning");
      item.textContent = finding.line;
      list.append(item);
    }
    state.textContent = findings.length ? done : `${clean} ${done}`;
    state.className = "field-help" + (findings.length ? "" : " good");
  }

  // logo and fonts
  const logoButton = document.getElementById("logo-upload");
  if (logoButton) {
    logoButton.addEventListener("click", async () => {
      const file = document.getElementById("logo-file").files[0];
      const note = document.getElementById("logo-note");
      if (!file) { say(note, "Choose a PNG, JPEG or SVG file first.", "error"); return; }
      const form = new FormData();
      form.append("file", file);
      form.append("version", version);
      logoButton.disabled = true;
      const answer = await Studio.upload(api + "/logo", form);
      logoButton.disabled = false;
      if (answer.ok) {
        version = answer.data.version;
        window.location.reload();
      } else if (answer.status === 409) {
        showStale(answer.data.error);
      } else {
        say(note, answer.data.error, "error");
      }
    });
  }
  const logoRemove = document.getElementById("logo-remove");
  if (logoRemove) {
    logoRemove.addEventListener("click", async () => {
      const answer = await change("PUT", api, { key: ["logo"], value: null }, document.getElementById("logo-note"));
      if (answer.ok) window.location.reload();
    });
  }
  const fontButton = document.getElementById("font-upload");
  if (fontButton) {
    fontButton.addEventListener("click", async () => {
      const file = document.getElementById("font-file").files[0];
      const note = document.getElementById("font-note");
      if (!file) { say(note, "Choose a .ttf file first.", "error"); return; }
      const form = new FormData();
      form.append("file", file);
      fontButton.disabled = true;
      const answer = await Studio.upload("/api/fonts", form);
      fontButton.disabled = false;
      if (answer.ok) {
        say(note, `Added ${answer.data.font}. Its family is now in the lists above.`, "ok");
        for (const select of [document.getElementById("font-heading"), document.getElementById("font-body")]) {
          const chosen = select.value;
          select.textContent = "";
          for (const family of answer.data.families) {
            select.append(new Option(family, family, false, family === chosen));
          }
        }
      } else {
        say(note, answer.data.error, "error");
      }
    });
  }

  // --- client ------------------------------------------------------------------------------

  let introKnown = true;  // the page as sent says which deck has the intro card; after a change, ask

  function refreshClient() {
    drawIntro();
    checkClient();
  }

  // The deck whose intro card to draw: as the page was sent, then as the client file now says.
  async function introDeck(image) {
    if (introKnown) { introKnown = false; return image.dataset.deck; }
    const answer = await Studio.send("GET", api);
    if (!answer.ok) return image.dataset.deck;
    const index = answer.data.decks.findIndex((deck) => deck.intro);
    const where = document.getElementById("intro-where");
    if (where && index >= 0 && answer.data.decks.length > 1) {
      where.textContent = `As it will print, in ${answer.data.decks[index].deck}.`;
    }
    return index >= 0 ? String(index) : "";
  }

  async function drawIntro() {
    const image = document.getElementById("intro-image");
    if (!image) return;
    const message = document.getElementById("intro-message");
    const none = document.getElementById("intro-none");
    const where = document.getElementById("intro-where");
    const deck = await introDeck(image);
    image.dataset.deck = deck;
    if (deck === "") {  // nothing to draw: say so, without asking for an image
      image.hidden = true;
      image.removeAttribute("src");
      if (none) none.hidden = false;
      if (where) where.hidden = true;
      say(message, "", "");
      return;
    }
    if (none) none.hidden = true;
    if (where) where.hidden = false;
    image.onerror = async () => {
      image.hidden = true;
      const answer = await Studio.send("GET", image.src);
      say(message, answer.data.error || "The intro card could not be drawn.", "error");
    };
    image.onload = () => { image.hidden = false; say(message, "", ""); };
    image.src = `${image.dataset.src}?deck=${deck}&v=${version.slice(0, 12)}`;
  }

  async function checkClient() {
    const state = document.getElementById("check-state");
    if (!state) return;
    state.textContent = "Checking, as deckpress check does…";
    const answer = await Studio.send("GET", api + "/check");
    if (!answer.ok) { state.textContent = answer.data.error; return; }
    const errors = answer.data.findings.filter((finding) => finding.severity === "error").length;
    const cards = answer.data.decks.map((deck) => `${deck.deck}: ${deck.cards ?? "?"} cards`).join(", ");
    showFindings(answer.data.findings, state, cards,
      errors ? "" : "Ready to build.");
    if (answer.data.findings.length && !errors) {
      state.textContent = `Ready to build, with ${answer.data.findings.length} warning(s). ${cards}`;
    }
  }

  // the card checklist of each deck
  for (const part of person.querySelectorAll(".deck-part")) {
    const index = Number(part.dataset.deckIndex);
    const boxes = [...part.querySelectorAll("[data-card-check]")];
    const note = part.querySelector("[data-cards-note]");
    const count = part.querySelector("[data-count]");
    let timer = null;
    const showCount = () => {
      count.textContent = `${boxes.filter((box) => box.checked).length} of ${boxes.length} cards`;
    };
    const save = () => {
      clearTimeout(timer);
      showCount();
      timer = setTimeout(() => {
        const cards = boxes.filter((box) => box.checked).map((box) => box.value);
        change("PUT", api + "/cards", { deck: index, cards }, note);
      }, 700);
    };
    showCount();
    for (const box of boxes) box.addEventListener("change", save);
    part.querySelector("[data-check-all]").addEventListener("click", () => {
      for (const box of boxes) box.checked = true;
      save();
    });
    part.querySelector("[data-check-none]").addEventListener("click", () => {
      for (const box of boxes) box.checked = false;
      save();
    });
    const remove = part.querySelector("[data-remove-deck]");
    if (remove) {
      remove.addEventListener("click", async () => {
        if (!window.confirm("Take this deck away from the client? The deck itself stays.")) return;
        const answer = await change("PUT", api, { key: ["decks", index], value: null }, null);
        if (answer.ok) window.location.reload();
      });
    }
    ladder(part);
  }

  // the fear ladder: rungs in order, each movable and removable
  function ladder(part) {
    const list = part.querySelector(".ladder");
    const key = JSON.parse(list.dataset.ladderKey);
    const note = part.querySelector("[data-ladder-note]");
    let rungs = JSON.parse(list.dataset.ladder);
    const titles = {};
    for (const box of part.querySelectorAll("[data-card-check]")) {
      titles[box.value] = box.closest("tr").children[2].textContent;
    }
    const draw = () => {
      list.textContent = "";
      if (!rungs.length) {
        const empty = document.createElement("li");
        empty.className = "empty";
        empty.textContent = "No rungs yet: add the cards from the easiest to the hardest.";
        list.append(empty);
      }
      rungs.forEach((id, at) => {
        const item = document.createElement("li");
        const label = document.createElement("span");
        label.textContent = titles[id] ? `${id} · ${titles[id]}` : id;
        item.append(label, button("↑", "Move up", at > 0, () => move(at, -1)),
          button("↓", "Move down", at < rungs.length - 1, () => move(at, 1)),
          button("×", "Remove", true, () => { rungs.splice(at, 1); store(); }));
        list.append(item);
      });
    };
    const button = (text, title, enabled, action) => {
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = text;
      element.title = title;
      element.setAttribute("aria-label", title);
      element.disabled = !enabled;
      element.addEventListener("click", action);
      return element;
    };
    const move = (at, by) => {
      [rungs[at], rungs[at + by]] = [rungs[at + by], rungs[at]];
      store();
    };
    const store = async () => {
      draw();
      const answer = await change("PUT", api, { key, value: rungs.length ? rungs : null }, note);
      if (!answer.ok) { rungs = JSON.parse(list.dataset.ladder); draw(); }
      else list.dataset.ladder = JSON.stringify(rungs);
    };
    part.querySelector("[data-ladder-add]").addEventListener("click", () => {
      const chosen = part.querySelector("[data-ladder-choice]").value;
      if (!chosen) return;
      if (rungs.includes(chosen)) { say(note, `${chosen} is on the ladder already.`, "warning"); return; }
      rungs.push(chosen);
      store();
    });
    draw();
  }

  const addDeck = document.getElementById("add-deck");
  if (addDeck) {
    addDeck.addEventListener("click", async () => {
      const deck = document.getElementById("add-deck-name").value;
      const note = document.getElementById("add-deck-note");
      const current = await Studio.send("GET", api);
      if (!current.ok) { say(note, current.data.error, "error"); return; }
      if (current.data.version !== version) { showStale("This client file was changed in another tab or on disk. Reload the page."); return; }
      const decks = [...current.data.data.decks, { deck }];
      const answer = await change("PUT", api, { key: ["decks"], value: decks }, note);
      if (answer.ok) window.location.reload();
    });
  }

  if (kind === "brand") refreshBrand(); else refreshClient();
})();

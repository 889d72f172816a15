// deckpress studio, Decks page: the list of decks (a new deck), and one deck's cards as a
// table whose edits are saved as they are typed, the card being edited drawn beside it.
"use strict";
(() => {
  const SAVE_DELAY = 300; // ms after the last key before a field is saved
  const CHECK_DELAY = 900; // ms after the last save before the deck is checked again: the
  // check redraws the whole deck, and the card being edited is drawn first

  const encodePath = (path) => path.split("/").map(encodeURIComponent).join("/");

  // --- the list of decks: a new deck ------------------------------------------------------
  function newDeckForm() {
    const form = document.getElementById("new-deck");
    if (!form) return;
    const message = document.getElementById("new-deck-message");
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const title = form.elements.title.value.trim();
      if (!title) return;
      const button = form.querySelector("button");
      button.disabled = true;
      const answer = await Studio.send("POST", "/api/decks", { title });
      button.disabled = false;
      if (answer.ok) {
        window.location.href = "/decks/" + encodePath(answer.data.path);
      } else {
        Studio.message(message, answer.data.error, "error");
      }
    });
  }

  // --- one deck ---------------------------------------------------------------------------
  function deckPage() {
    const data = document.getElementById("deck-data");
    if (!data) return;
    const state = {
      path: data.dataset.path,
      version: data.dataset.version,
      as: data.dataset.as || "",
      selected: data.dataset.selected || "",
      editable: data.dataset.editable === "yes",
      stale: false,
      pending: 0,
      report: null,
      open: new Set(), // the cards whose "More" fields are shown
    };
    const pane = document.getElementById("cards-pane");
    const message = document.getElementById("deck-message");
    const saveState = document.getElementById("save-state");
    const timers = new Map();
    let chain = Promise.resolve();
    let drawing = 0;
    let checking = 0;

    const api = (suffix) => "/api/decks/" + encodePath(state.path) + suffix;
    const table = () => document.getElementById("cards-table");
    const rows = () => Array.from(table().querySelectorAll("tbody.card"));
    const rowOf = (id) => rows().find((row) => row.dataset.id === id);

    function says(text, kind) {
      if (!saveState) return;
      saveState.textContent = text;
      saveState.className = "save-state " + (kind || "");
    }

    function stale(text) {
      state.stale = true;
      message.textContent = "";
      message.className = "message error";
      message.append(text + " ");
      const reload = document.createElement("button");
      reload.type = "button";
      reload.textContent = "Reload the page";
      reload.addEventListener("click", () => window.location.reload());
      message.append(reload);
      says("Not saved", "error");
    }

    // one change at a time, each made on the version the one before it gave
    function queue(task) {
      state.pending += 1;
      chain = chain.then(task).catch(() => {}).finally(() => { state.pending -= 1; });
      return chain;
    }

    // -- field edits --
    const valueOf = (field) => {
      if (field.type === "number") return field.value === "" ? null : Number(field.value);
      return field.value;
    };

    function fieldChanged(field, now) {
      if (!state.editable || state.stale || !field.name) return;
      clearTimeout(timers.get(field));
      if (now) {
        timers.delete(field);
        save(field);
      } else {
        says("Editing…", "busy");
        timers.set(field, setTimeout(() => { timers.delete(field); save(field); }, SAVE_DELAY));
      }
    }

    function save(field) {
      const value = field.value;
      if (field.dataset.saved === value) return;
      field.dataset.saved = value; // what is being saved: typing it again is no new change
      queue(async () => {
        if (state.stale) return;
        const row = field.closest("tbody.card");
        says("Saving…", "busy");
        const answer = await Studio.send("POST", api("/cards/" + row.dataset.index), {
          field: field.name, value: valueOf(field), version: state.version, card: row.dataset.id,
        });
        if (answer.status === 409) return stale(answer.data.error);
        if (!answer.ok) {
          delete field.dataset.saved;
          field.classList.add("invalid");
          field.title = answer.data.error || "";
          Studio.message(message, "Not saved: " + (answer.data.error || "the studio refused the change"), "error");
          says("Not saved", "error");
          return;
        }
        field.classList.remove("invalid");
        field.removeAttribute("title");
        if (!row.querySelector(".invalid")) Studio.message(message, "");
        setVersion(answer.data.version);
        says("All changes saved", "ok");
        if (row.dataset.id !== state.selected) select(row.dataset.id, false);
        refresh();
      });
    }

    function setVersion(version) {
      state.version = version;
      data.dataset.version = version;
    }

    pane.addEventListener("input", (event) => {
      const field = event.target;
      if (field.matches("textarea")) grow(field);
      if (field.matches("textarea, input")) fieldChanged(field, false);
    });
    pane.addEventListener("change", (event) => {
      if (event.target.matches("textarea, input, select")) fieldChanged(event.target, true);
    });
    pane.addEventListener("focusin", (event) => {
      const field = event.target;
      if (field.matches("textarea, input, select") && field.dataset.saved === undefined) {
        field.dataset.saved = field.value;
      }
      const row = field.closest("tbody.card");
      if (row && row.dataset.id !== state.selected) select(row.dataset.id, true);
    });
    pane.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) return;
      const row = button.closest("tbody.card");
      if (button.id === "add-card-end") return addCard(rows().length - 1);
      if (!row) return;
      const index = Number(row.dataset.index);
      const action = button.dataset.action;
      if (button.classList.contains("show")) select(row.dataset.id, true);
      else if (action === "more") showMore(row, button.getAttribute("aria-expanded") !== "true");
      else if (action === "up") moveCard(row, index - 1);
      else if (action === "down") moveCard(row, index + 1);
      else if (action === "add") addCard(index);
      else if (action === "remove") removeCard(row);
    });
    const addTop = document.getElementById("add-card");
    if (addTop) {
      addTop.addEventListener("click", () => {
        const row = rowOf(state.selected);
        addCard(row ? Number(row.dataset.index) : rows().length - 1);
      });
    }

    // -- cards added, removed, moved: the table comes again from the studio --
    // what is typed but not yet saved goes first: the table is read again after a change
    function flush() {
      for (const [field, timer] of timers) {
        clearTimeout(timer);
        timers.delete(field);
        save(field);
      }
    }

    function change(method, suffix, body, selectAfter) {
      if (state.stale) return;
      flush();
      queue(async () => {
        says("Saving…", "busy");
        const answer = await Studio.send(method, api(suffix), { ...body, version: state.version });
        if (answer.status === 409) return stale(answer.data.error);
        if (!answer.ok) {
          Studio.message(message, answer.data.error || "the studio refused the change", "error");
          says("Not saved", "error");
          return;
        }
        Studio.message(message, "");
        setVersion(answer.data.version);
        says("All changes saved", "ok");
        const chosen = selectAfter(answer.data);
        await reloadTable(chosen);
        return chosen;
      });
    }

    function addCard(after) {
      change("POST", "/cards", { after }, (answer) => answer.row && answer.row.id);
      chain.then(() => {
        const row = rowOf(state.selected);
        const title = row && row.querySelector('[name="title"]');
        if (title) { title.focus(); title.select(); }
      });
    }

    function moveCard(row, to) {
      const id = row.dataset.id;
      change("POST", "/cards/" + row.dataset.index + "/move", { to, card: id }, () => id);
    }

    function removeCard(row) {
      const id = row.dataset.id;
      const title = (row.querySelector('[name="title"]') || {}).value || "";
      if (!window.confirm(`Remove card ${id}${title ? " “" + title + "”" : ""} from the deck?`)) return;
      const next = rows()[Number(row.dataset.index) + 1] || rows()[Number(row.dataset.index) - 1];
      const after = next ? next.dataset.id : "";
      change("DELETE", "/cards/" + row.dataset.index, { card: id }, () => after);
    }

    async function reloadTable(chosen) {
      const query = new URLSearchParams({ as: state.as, card: chosen || "" });
      const answer = await Studio.send("GET", api("/table?" + query));
      if (!answer.ok) {
        Studio.message(message, answer.data.error || "the deck could not be read again", "error");
        return;
      }
      table().outerHTML = answer.data.html;
      setVersion(answer.data.table.version);
      for (const row of rows()) if (state.open.has(row.dataset.id)) showMore(row, true);
      table().querySelectorAll("textarea").forEach(grow);
      state.selected = "";
      select(chosen || (rows()[0] && rows()[0].dataset.id) || "", true);
      showProblems(answer.data.report);
    }

    // -- a card's less-used fields, under its "More" --
    function showMore(row, open) {
      const toggle = row.querySelector(".more-toggle");
      const more = row.querySelector("tr.more");
      if (!toggle || !more) return;
      more.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) state.open.add(row.dataset.id); else state.open.delete(row.dataset.id);
      if (open) more.querySelectorAll("textarea").forEach(grow);
    }

    // -- the selected card, and the preview --
    function select(id, draw) {
      state.selected = id;
      rows().forEach((row) => row.classList.toggle("selected", row.dataset.id === id));
      document.getElementById("preview-id").textContent = id;
      const query = new URLSearchParams(window.location.search);
      query.set("card", id);
      if (state.as) query.set("as", state.as); else query.delete("as");
      window.history.replaceState(null, "", window.location.pathname + "?" + query);
      if (state.report) showProblems(state.report);
      if (draw) drawFaces();
    }

    async function drawFaces() {
      const mine = ++drawing;
      const id = state.selected;
      let frontProblem = null;
      for (const side of ["front", "back"]) {
        const box = document.getElementById("face-" + side);
        box.classList.add("busy");
        if (!id) {
          box.replaceChildren(note("No card to show", "loading"));
          box.classList.remove("busy");
          continue;
        }
        const query = new URLSearchParams({ card: id, side, as: state.as, v: state.version });
        let response;
        try {
          response = await fetch("/preview/" + encodePath(state.path) + "?" + query,
                                  { credentials: "same-origin" });
        } catch (error) {
          response = null;
        }
        if (mine !== drawing) return; // another card or edit asked for newer faces
        box.classList.remove("busy");
        if (response && response.ok) {
          const image = new Image();
          image.alt = `${side} of card ${id}`;
          image.src = URL.createObjectURL(await response.blob());
          image.addEventListener("load", () => URL.revokeObjectURL(image.src), { once: true });
          box.replaceChildren(image);
        } else {
          let text = "The studio is not answering: is deckpress studio still running?";
          if (response) {
            try { text = (await response.json()).error; } catch (error) { text = response.statusText; }
          }
          if (side === "back" && text === frontProblem) {
            // the same problem as the front's: said once
            box.replaceChildren(note("Not drawn: the card has a problem (see the front).", "aside"));
            continue;
          }
          if (side === "front") frontProblem = text;
          const problem = note("", "cannot-draw");
          const heading = document.createElement("strong");
          heading.textContent = "This card cannot be drawn";
          const words = document.createElement("span");
          words.className = "words";
          words.textContent = text;
          problem.dataset.problem = text;
          problem.append(heading, words);
          box.replaceChildren(problem);
          sayOnce();
        }
      }
    }

    // a face that cannot be drawn for a problem listed above it says so in a word
    function sayOnce() {
      const listed = ((state.report && state.report.problems) || [])
        .filter((problem) => problem.card === state.selected).map((problem) => problem.problem);
      for (const problem of document.querySelectorAll(".face .cannot-draw")) {
        const text = problem.dataset.problem;
        const known = listed.some((words) => text.includes(words));
        problem.querySelector(".words").textContent = known ? "Its error is listed above." : text;
      }
    }

    function note(text, kind) {
      const element = document.createElement("div");
      element.className = kind;
      element.textContent = text;
      return element;
    }

    // -- what check says --
    async function checkDeck() {
      const mine = ++checking;
      const state_ = document.getElementById("check-state");
      state_.textContent = "checking…";
      const answer = await Studio.send("GET", api("/problems?" + new URLSearchParams({ as: state.as })));
      if (mine !== checking) return;
      if (answer.ok) showProblems(answer.data);
      else state_.textContent = answer.data.error || "";
    }

    function problemItems(list, problems) {
      list.replaceChildren(...problems.map((problem) => {
        const item = document.createElement("li");
        item.className = problem.severity;
        item.title = problem.line;
        const label = document.createElement("strong");
        label.textContent = (problem.severity === "error" ? "Error" : "Warning")
          + (problem.field ? " in " + problem.field.replace(/_/g, " ") : "") + ":";
        item.append(label, " " + problem.problem);
        return item;
      }));
    }

    function showProblems(report) {
      if (!report) return;
      state.report = report;
      const byCard = new Map();
      const general = [];
      for (const problem of report.problems) {
        if (problem.card === null) general.push(problem);
        else byCard.set(problem.card, [...(byCard.get(problem.card) || []), problem]);
      }
      const theirs = report.theirs ? new Set(report.theirs) : null;
      const who = document.getElementById("preview-as");
      const client = who && who.selectedOptions.length ? who.selectedOptions[0].textContent.replace(/^Client: /, "") : "";
      for (const row of rows()) {
        const left = theirs !== null && !theirs.has(row.dataset.id);
        row.classList.toggle("not-theirs", left);
        row.querySelector(".col-id .show").title = left
          ? `${client} does not get this card: their client file chooses their cards`
          : "Show this card in the preview";
        const mine = byCard.get(row.dataset.id) || [];
        const errors = mine.filter((problem) => problem.severity === "error").length;
        const badge = row.querySelector(".state");
        badge.className = "state " + (errors ? "error" : mine.length ? "warning" : "ok");
        badge.textContent = errors ? "✖" : mine.length ? "!" : "✓";
        badge.title = mine.length ? `${mine.length} problem(s)` : "No problems";
        const line = row.querySelector("tr.problems");
        line.hidden = !mine.length;
        problemItems(line.querySelector("ul"), mine);
        row.querySelectorAll("[name]").forEach((field) => {
          const named = mine.some((problem) => problem.field === field.name);
          field.classList.toggle("flagged", named);
        });
        const toggle = row.querySelector(".more-toggle");
        if (toggle) toggle.classList.toggle("flagged", Boolean(row.querySelector("tr.more .flagged")));
      }
      const deckWide = document.getElementById("deck-problems");
      deckWide.hidden = !general.length;
      problemItems(deckWide.querySelector("ul"), general);
      problemItems(document.getElementById("preview-problems"), byCard.get(state.selected) || []);
      sayOnce();
      document.getElementById("profile-name").textContent = report.profile ? ` (profile ${report.profile})` : "";
      const summary = document.getElementById("check-state");
      summary.textContent = report.errors || report.warnings
        ? `${report.errors} error${report.errors === 1 ? "" : "s"}, ${report.warnings} warning${report.warnings === 1 ? "" : "s"} in the deck`
        : "No problems found";
      summary.className = "check-state " + (report.errors ? "error" : report.warnings ? "warning" : "ok");
      // the next card with a problem after the selected one, round to the top
      const all = rows();
      const here = all.findIndex((row) => row.dataset.id === state.selected);
      const first = [...all.slice(here + 1), ...all.slice(0, here + 1)]
        .find((row) => byCard.has(row.dataset.id) && row.dataset.id !== state.selected);
      summary.title = first ? "Show the next card with a problem" : "";
      summary.dataset.next = first ? first.dataset.id : "";
    }

    function reveal(id) {
      const row = rowOf(id);
      if (!row) return;
      select(id, true);
      pane.scrollTop += row.getBoundingClientRect().top - pane.getBoundingClientRect().top - 80;
    }

    document.getElementById("check-state").addEventListener("click", (event) => {
      const next = event.currentTarget.dataset.next;
      if (next) reveal(next);
    });

    let checkTimer = 0;
    function refresh() {
      drawFaces();
      clearTimeout(checkTimer);
      document.getElementById("check-state").textContent = "checking…";
      checkTimer = setTimeout(checkDeck, CHECK_DELAY);
    }

    // -- preview as --
    const viewpoint = document.getElementById("preview-as");
    if (viewpoint) {
      viewpoint.addEventListener("change", () => {
        state.as = viewpoint.value;
        select(state.selected, false);
        refresh();
      });
    }

    // a larger card on click
    document.querySelector(".faces").addEventListener("click", () => {
      document.querySelector(".preview-pane").classList.toggle("large");
    });

    window.addEventListener("beforeunload", (event) => {
      if (state.pending || timers.size) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    // a text area as tall as its own text (up to a limit), whatever the others of its row are
    function grow(field) {
      if (!field.offsetParent) return; // not shown (a closed "More"): grown when it opens
      field.style.height = "auto";
      field.style.height = Math.min(field.scrollHeight + 2, 190) + "px";
    }

    table().querySelectorAll("textarea").forEach(grow);
    if (state.selected) {
      select(state.selected, false);
      const row = rowOf(state.selected);
      if (row && row.dataset.index !== "0") {  // the table scrolls, the page stays
        pane.scrollTop += row.getBoundingClientRect().top - pane.getBoundingClientRect().top - 80;
      }
    }
    // the findings the page came with, if the deck was checked as it is now; else asked for,
    // once, after the card is drawn (the check draws the whole deck)
    let known = null;
    try { known = data.dataset.report ? JSON.parse(data.dataset.report) : null; } catch (error) { known = null; }
    if (known) {
      showProblems(known);
      drawFaces();
    } else {
      drawFaces().then(checkDeck);
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    newDeckForm();
    deckPage();
  });
})();

// deckpress studio, Build and download: send what to make, then ask every half second how
// the build is going until it is done, showing what it printed and then its files.
"use strict";
(() => {
  const form = document.getElementById("build-form");
  if (!form) return;
  const list = document.getElementById("jobs");
  const none = document.getElementById("no-jobs");
  const message = document.getElementById("build-message");
  const buildButton = document.getElementById("build-button");
  const batchButton = document.getElementById("batch-button");
  const STATES = { queued: "waiting", running: "building…", done: "done", failed: "failed" };
  const POLL_MS = 500;
  const BOX_PAPERS = ["", "letter", "a4"];

  const chosen = (name) => {
    const input = form.querySelector(`input[name="${name}"]:checked`);
    return input ? input.value : "";
  };
  const ticked = (name) => form.querySelector(`input[name="${name}"]`).checked;
  const value = (id) => document.getElementById(id).value || null;

  // --- the form follows the choices: labels for "no client", options for what is made ---
  function relabel() {
    const client = Boolean(value("client"));
    for (const id of ["deck", "brand"]) {
      const first = document.getElementById(id).options[0];
      first.textContent = client ? first.dataset.clientLabel : first.dataset.aloneLabel;
    }
    // a client file names its brand (the command refuses --brand beside --client)
    const brand = document.getElementById("brand");
    if (client) brand.value = "";
    brand.disabled = client;
    const kind = chosen("kind");
    for (const option of form.querySelectorAll(".option")) {
      option.hidden = !option.dataset.for.split(" ").includes(kind);
    }
    const paper = document.getElementById("paper");
    for (const option of paper.options) {
      option.disabled = kind === "box" && !BOX_PAPERS.includes(option.value);
    }
    if (paper.selectedOptions[0] && paper.selectedOptions[0].disabled) paper.value = "";
    // the kit is printed on the client's own profile, worksheets need none
    document.getElementById("profile-panel").classList.toggle("unused", kind === "kit" || kind === "worksheets");
  }
  form.addEventListener("change", relabel);
  relabel();

  // --- the profiles drawn with the chosen deck's cards ---
  let drawnFor = "";
  async function redraw() {
    const deck = value("deck") || "";
    if (deck === drawnFor) return;
    drawnFor = deck;
    const answer = await Studio.send("GET", "/api/profiles" + (deck ? "?deck=" + encodeURIComponent(deck) : ""));
    if (!answer.ok || deck !== drawnFor) return;
    for (const profile of answer.data.profiles) {
      const card = form.querySelector(`.profile-card[data-profile="${CSS.escape(profile.name)}"]`);
      if (!card || profile.error) continue;
      const diagram = card.querySelector(".profile-diagram");
      const svg = new DOMParser().parseFromString(profile.diagram, "image/svg+xml").documentElement;
      if (diagram && svg.nodeName === "svg") diagram.replaceChildren(document.importNode(svg, true));
      const count = card.querySelector(".profile-count");
      if (count) count.textContent = profile.per_sheet ? `${profile.per_sheet} ${profile.shown_with} cards a sheet` : "";
      const note = card.querySelector(".profile-note");
      if (note) note.textContent = profile.note || "";
    }
  }
  document.getElementById("deck").addEventListener("change", redraw);

  function request(kind) {
    const options = { force: ticked("force") };
    const brand = value("brand");
    if (brand && !value("client") && kind !== "kit") options.brand = brand;
    if (kind === "deck") options.with_worksheets = ticked("with_worksheets");
    if (kind === "worksheets") options.fillable = ticked("fillable");
    if ((kind === "worksheets" || kind === "box") && value("paper")) options.paper = value("paper");
    if (kind !== "kit" && kind !== "batch") delete options.force;
    return {
      kind,
      client: kind === "batch" ? null : value("client"),
      deck: kind === "batch" || kind === "kit" ? null : value("deck"),
      profile: kind === "kit" || kind === "batch" || kind === "worksheets" ? null : (chosen("profile") || null),
      options,
    };
  }

  async function submit(kind) {
    Studio.message(message, "");
    buildButton.disabled = batchButton.disabled = true;
    const answer = await Studio.send("POST", "/api/jobs", request(kind));
    buildButton.disabled = batchButton.disabled = false;
    if (!answer.ok) {
      Studio.message(message, answer.data.error || "The build could not be started.", "error");
      return;
    }
    show(answer.data.job);
    follow(answer.data.id);
  }
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(chosen("kind")); });
  batchButton.addEventListener("click", () => submit("batch"));

  // --- a job, drawn as the page draws it ---
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function downloadLink(path) {
    const link = element("a", "", path);
    link.href = "/download/" + path.split("/").map(encodeURIComponent).join("/");
    link.setAttribute("download", "");
    return link;
  }

  function show(job) {
    let item = list.querySelector(`li[data-job="${CSS.escape(job.id)}"]`);
    if (!item) {
      item = element("li");
      list.prepend(item);
    }
    none.hidden = true;
    item.className = `job state-${job.state}`;
    item.dataset.job = job.id;
    item.dataset.state = job.state;
    item.replaceChildren();
    const head = element("div", "job-head");
    head.append(element("strong", "job-title", job.title), " ", element("span", "job-state", STATES[job.state]));
    if (job.seconds !== null) head.append(" ", element("span", "job-time", `${job.seconds} s`));
    item.append(head);
    if (job.state === "queued" || job.state === "running") {
      const bar = element("progress", "job-progress");
      bar.max = 100;
      if (job.percent !== null) bar.value = job.percent;
      item.append(bar);
    }
    item.append(element("pre", "job-lines", job.lines.join("\n")));
    const error = element("div", "job-error message" + (job.error ? " error" : ""), job.error || "");
    error.setAttribute("role", "alert");
    item.append(error);
    const outputs = element("ul", "job-outputs");
    for (const path of job.outputs) {
      const entry = element("li");
      entry.append(downloadLink(path));
      outputs.append(entry);
    }
    item.append(outputs);
    const command = element("details", "job-command");
    command.append(element("summary", "", "the command it ran"), element("code", "", job.command));
    item.append(command);
  }

  // --- what output/ holds, drawn again when a build ends ---
  function showFiles(files) {
    const table = document.getElementById("output-files");
    const empty = document.getElementById("output-empty");
    if (!table || !empty) return;
    const rows = files.map((file) => {
      const row = element("tr", `depth-${file.depth}`);
      const name = element("td");
      const link = element("a", "", file.name + (file.folder ? "/" : ""));
      link.href = "/download/" + file.path.split("/").map(encodeURIComponent).join("/");
      link.setAttribute("download", "");
      name.append(link);
      if (file.folder) name.append(" ", element("span", "field-help", "a folder: downloads as a .zip"));
      row.append(name, element("td", "", file.size));
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
    table.hidden = files.length === 0;
    empty.hidden = files.length > 0;
  }

  async function refreshFiles() {
    const answer = await Studio.send("GET", "/api/output");
    if (answer.ok) showFiles(answer.data.files);
  }

  function follow(id) {
    const ask = async () => {
      const answer = await Studio.send("GET", `/api/jobs/${encodeURIComponent(id)}`);
      if (!answer.ok) {
        Studio.message(message, answer.data.error || "The studio stopped answering.", "error");
        return;
      }
      show(answer.data);
      if (answer.data.state === "queued" || answer.data.state === "running") {
        window.setTimeout(ask, POLL_MS);
      } else {
        refreshFiles();
      }
    };
    window.setTimeout(ask, POLL_MS);
  }

  for (const item of list.querySelectorAll("li[data-job]")) {
    if (item.dataset.state === "queued" || item.dataset.state === "running") follow(item.dataset.job);
  }
})();

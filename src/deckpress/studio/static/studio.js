// deckpress studio: what every page's script uses. Changes go as JSON with the page's CSRF key.
"use strict";
const Studio = (() => {
  const csrf = () => document.querySelector('meta[name="csrf"]').content;

  async function answer(response) {
    let data = {};
    const type = response.headers.get("content-type") || "";
    if (type.includes("application/json")) {
      data = await response.json();
    } else if (!response.ok) {
      data = { error: (await response.text()) || response.statusText };
    }
    return { ok: response.ok, status: response.status, data };
  }

  async function send(method, url, body) {
    const options = { method, headers: { "X-CSRF-Token": csrf() }, credentials: "same-origin" };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    try {
      return await answer(await fetch(url, options));
    } catch (error) {
      return { ok: false, status: 0, data: { error: "The studio is not answering: is deckpress studio still running?" } };
    }
  }

  async function upload(url, formData) {
    try {
      return await answer(await fetch(url, {
        method: "POST", body: formData, credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf() },
      }));
    } catch (error) {
      return { ok: false, status: 0, data: { error: "The studio is not answering: is deckpress studio still running?" } };
    }
  }

  function message(element, text, kind) {
    element.textContent = text || "";
    element.className = "message" + (text ? " " + (kind || "ok") : "");
  }

  return { send, upload, message };
})();

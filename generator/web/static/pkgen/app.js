// Small progressive enhancement; every page works without it.
// - SKPD page: the document panel follows the background build (status, preview).
// - Book page: live progress of each build job.
// - Buttons with data-konfirmasi ask before they submit.
"use strict";

function pollSkpd(panel) {
  // The panel carries the key of the state it shows (data-kunci), rendered with it: a
  // change that lands between the page's render and the first poll still refreshes it.
  const shown = () => {
    const section = panel.querySelector("[data-kunci]");
    return section ? section.dataset.kunci : null;
  };
  async function tick() {
    try {
      const response = await fetch(panel.dataset.poll, {credentials: "same-origin"});
      if (response.ok) {
        const state = await response.json();
        if (state.kunci !== shown()) {
          const html = await fetch(panel.dataset.panel, {credentials: "same-origin"});
          if (html.ok) panel.innerHTML = await html.text();
        }
      }
    } catch (error) {
      // The server may be restarting: try again at the next tick.
    }
    window.setTimeout(tick, document.hidden ? 5000 : 1000);
  }
  tick();
}

function pollJob(card) {
  async function tick() {
    let state = card.dataset.keadaan;
    try {
      const response = await fetch(card.dataset.tugas, {credentials: "same-origin"});
      if (response.ok) {
        const job = await response.json();
        for (const field of card.querySelectorAll("[data-isi]")) {
          const value = job[field.dataset.isi];
          if (value !== undefined) field.textContent = value;
        }
        const bar = card.querySelector("progress");
        if (bar) { bar.max = job.jumlah || 1; bar.value = job.selesai; }
        if (job.keadaan !== state && (job.keadaan === "selesai" || job.keadaan === "gagal")) {
          window.location.reload();
          return;
        }
        state = job.keadaan;
      }
    } catch (error) {
      // try again
    }
    window.setTimeout(tick, 1000);
  }
  if (card.dataset.keadaan === "antri" || card.dataset.keadaan === "berjalan") tick();
}

document.addEventListener("DOMContentLoaded", () => {
  const panel = document.getElementById("panel");
  if (panel && panel.dataset.poll) pollSkpd(panel);
  for (const card of document.querySelectorAll("[data-tugas]")) pollJob(card);
  for (const button of document.querySelectorAll("[data-konfirmasi]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.konfirmasi)) event.preventDefault();
    });
  }
});

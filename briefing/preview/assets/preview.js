// Keeps the page in step with the server: every build sends the whole state
// (server-sent events). Elements are updated in place, never rebuilt, so the
// reader's scroll position stays where it was. Content text is set with
// textContent only: it is text, never markup.
"use strict";

const pages = document.getElementById("pages");

function fillList(list, items) {
  list.replaceChildren(...items.map((text) => {
    const item = document.createElement("li");
    item.textContent = text;
    return item;
  }));
}

function pageFigure(index) {
  let figure = pages.children[index];
  if (!figure) {
    figure = document.createElement("figure");
    figure.className = "page";
    const image = document.createElement("img");
    const mark = document.createElement("span");
    mark.className = "changed-mark";
    mark.textContent = "Đã thay đổi";
    const caption = document.createElement("figcaption");
    const text = document.createElement("div");
    text.className = "page-text";
    figure.append(image, mark, caption, text);
    pages.append(figure);
  }
  return figure;
}

function show(state) {
  document.body.dataset.generation = state.generation;
  document.body.dataset.status = state.status;
  const status = document.getElementById("status");
  if (state.status === "building") {
    status.textContent = "Đang dựng lần đầu…";
  } else {
    const count = `${state.pages.length} trang`;
    const when = `dựng lúc ${state.builtAt} trong ${state.seconds} s`;
    status.textContent = state.status === "ok" ? `${count} · ${when}` : `${count} (bản dựng tốt gần nhất) · lần dựng lỗi: ${state.builtAt}`;
  }
  const pdf = document.getElementById("pdf");
  pdf.hidden = !state.pdf;
  if (state.pdf) pdf.href = state.pdf;

  const problems = document.getElementById("problems");
  problems.hidden = state.status !== "error";
  const failure = document.getElementById("failure");
  failure.hidden = !state.failure;
  failure.textContent = state.failure || "";
  fillList(document.getElementById("problem-list"), state.problems);
  document.getElementById("warnings").hidden = state.warnings.length === 0;
  fillList(document.getElementById("warning-list"), state.warnings);

  state.pages.forEach((page, index) => {
    const figure = pageFigure(index);
    const [image, , caption, text] = figure.children;
    figure.id = `trang-${page.number}`;
    figure.classList.toggle("changed", page.changed);
    figure.dataset.number = page.number;
    if (image.getAttribute("src") !== page.src) {
      image.width = page.width;
      image.height = page.height;
      image.alt = `Trang ${page.number}`;
      image.src = page.src;
    }
    caption.textContent = page.changed ? `Trang ${page.number} (đã thay đổi)` : `Trang ${page.number}`;
    text.textContent = page.text;
  });
  while (pages.children.length > state.pages.length) pages.lastElementChild.remove();
}

const events = new EventSource("events");
events.onmessage = (event) => {
  document.getElementById("offline").hidden = true;
  show(JSON.parse(event.data));
};
events.onerror = () => { document.getElementById("offline").hidden = false; };

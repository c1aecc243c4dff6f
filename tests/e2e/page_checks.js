// Layout checks of the accessibility test (test_accessibility.py), run in the page:
// horizontal overflow, tap target sizes and quiz question titles inside their cards.
() => {
  const LETTER = /[\p{L}\p{N}]/u;
  const isInline = (el) => getComputedStyle(el).display.startsWith("inline");
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden"
      && !el.closest(".visually-hidden, [hidden]");
  };
  const describe = (el) => el.outerHTML.slice(0, 140);

  // WCAG 2.5.8 exempts a link inside a sentence: its size is set by the line of text.
  const inSentence = (el) => {
    if (el.tagName !== "A" || getComputedStyle(el).display !== "inline") return false;
    let block = el.parentElement;
    while (block && isInline(block)) block = block.parentElement;
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (el.contains(node) || !LETTER.test(node.textContent)) continue;
      let owner = node.parentElement;
      if (owner.closest("a, button, label, .visually-hidden")) continue;
      while (owner !== block && isInline(owner)) owner = owner.parentElement;
      if (owner === block) return true;
    }
    return false;
  };

  // A radio button or checkbox is tapped through its label too.
  const targetBox = (el) => {
    const r = el.getBoundingClientRect();
    let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
    for (const label of el.labels || []) {
      const l = label.getBoundingClientRect();
      [left, top] = [Math.min(left, l.left), Math.min(top, l.top)];
      [right, bottom] = [Math.max(right, l.right), Math.max(bottom, l.bottom)];
    }
    return { width: right - left, height: bottom - top };
  };

  const smallTargets = [];
  const targets = "header a, header button, header summary, main a, main button, "
    + "main input:not([type=hidden]), main select, main textarea, main summary, footer a";
  for (const el of document.querySelectorAll(targets)) {
    if (!shown(el) || el.getAttribute("tabindex") === "-1" || inSentence(el)) continue;
    const { width, height } = targetBox(el);
    // Primary actions (the big buttons) are 44 px; every other target 24 px.
    const least = el.matches(".button:not(.button--small)") ? 44 : 24;
    if (width < least - 0.5 || height < least - 0.5) {
      smallTargets.push(`${Math.round(width)}x${Math.round(height)} < ${least}: ${describe(el)}`);
    }
  }

  const legendsOnBorder = [];
  for (const box of document.querySelectorAll("fieldset.quiz-question")) {
    const legend = box.querySelector(":scope > legend");
    const border = parseFloat(getComputedStyle(box).borderTopWidth);
    if (legend.getBoundingClientRect().top < box.getBoundingClientRect().top + border) {
      legendsOnBorder.push(describe(legend));
    }
  }

  const cutTexts = [];
  for (const label of document.querySelectorAll(".quiz-question label")) {
    if (shown(label) && label.scrollWidth > label.clientWidth + 1) cutTexts.push(describe(label));
  }

  return {
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    smallTargets,
    legendsOnBorder,
    cutTexts,
    selects: document.querySelectorAll(".quiz-question select").length,
  };
}

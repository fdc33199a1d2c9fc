// Client-side allow-list for rich text. The server sanitises every write (sanitize-html, see
// apps/server/src/modules/metadata/field-type-context.ts); this mirrors that policy so the record page never
// renders anything the server would not have stored (defence in depth), and narrows it for the editor so
// pasted content shows only formatting that survives the save.

/** Which tags survive, and which attributes each may keep. Tags outside `tags` are unwrapped (text kept). */
export interface RichTextPolicy {
  tags: ReadonlySet<string>;
  attributes: Readonly<Record<string, readonly string[]>>;
  /** Inline colours on <span> (the only styles the server keeps). */
  spanColours: boolean;
}

// sanitize-html's default tags plus the server's additions (img, span, del, ins, sub, sup).
const SERVER_TAGS = [
  ...["address", "article", "aside", "footer", "header", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup"],
  ...["main", "nav", "section", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure", "hr", "li"],
  ...["menu", "ol", "p", "pre", "ul", "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn"],
  ...["em", "i", "kbd", "mark", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "small", "span"],
  ...["strong", "sub", "sup", "time", "u", "var", "wbr", "caption", "col", "colgroup", "table", "tbody"],
  ...["td", "tfoot", "th", "thead", "tr", "img", "del", "ins"],
];

/** What the record page renders: the server's policy (without `class`, which could borrow the app's styles). */
export const VIEW_POLICY: RichTextPolicy = {
  tags: new Set(SERVER_TAGS),
  attributes: {
    a: ["href", "title", "target", "rel"],
    img: ["src", "alt", "title", "width", "height"],
  },
  spanColours: true,
};

/** What the editor keeps while editing: the server's tags, but no inline styles (browsers leak computed ones). */
export const EDITOR_POLICY: RichTextPolicy = {
  tags: new Set(SERVER_TAGS.filter((tag) => tag !== "span")),
  attributes: { a: ["href"], img: ["src", "alt", "width", "height"] },
  spanColours: false,
};

/** What a paste may bring in: exactly what the toolbar can make, in paragraphs. */
export const PASTE_POLICY: RichTextPolicy = {
  tags: new Set(["p", "br", "b", "strong", "i", "em", "u", "ul", "ol", "li", "a"]),
  attributes: { a: ["href"] },
  spanColours: false,
};

// Removed together with their content: code, styles, embedded documents and foreign (SVG/MathML) markup.
const DROP_WITH_CONTENT = new Set([
  ...["script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed"],
  ...["applet", "textarea", "select", "option", "title", "head", "meta", "link", "base", "svg", "math"],
  ...["canvas", "audio", "video", "input", "button"],
]);

const BLOCKS = new Set([
  ...["address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption", "figure"],
  ...["footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre"],
  ...["section", "table", "tr", "ul", "td", "th", "caption"],
]);

const LINK_SCHEMES = new Set(["http", "https", "mailto", "tel"]);
const IMAGE_DATA = /^data:image\/(png|jpe?g|gif|webp);/i;
const COLOUR = [/^#[0-9a-f]{3,6}$/i, /^rgb\([\d\s,]+\)$/];
const BACKGROUND = [/^#[0-9a-f]{3,6}$/i];

/** True when a link or image address is safe: allowed scheme, or relative (as the server allows). */
export function isSafeUrl(raw: string, tag: "a" | "img"): boolean {
  // Browsers ignore control characters and spaces inside a scheme ("java\tscript:"), so compare without them.
  const url = [...raw]
    .filter((char) => {
      const code = char.charCodeAt(0);
      return code > 0x20 && (code < 0x7f || code > 0x9f);
    })
    .join("");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return !url.startsWith("\\");
  if (tag === "img") return scheme === "http" || scheme === "https" || IMAGE_DATA.test(url);
  return LINK_SCHEMES.has(scheme);
}

/** The value checks on top of the per-tag allow-list (which never lists an event handler). */
function keepAttribute(name: string, value: string): boolean {
  if (name === "href") return isSafeUrl(value, "a");
  if (name === "src") return isSafeUrl(value, "img");
  if (name === "target") return value === "_blank";
  if (name === "width" || name === "height") return /^\d{1,4}%?$/.test(value);
  return true;
}

/** The colour styles the server keeps on a span, rebuilt from parsed values (never copied as text). */
function spanStyle(element: Element): string {
  const style = (element as HTMLElement).style;
  const parts: string[] = [];
  const color = style?.getPropertyValue("color").trim() ?? "";
  const background = style?.getPropertyValue("background-color").trim() ?? "";
  if (COLOUR.some((pattern) => pattern.test(color))) parts.push(`color: ${color}`);
  if (BACKGROUND.some((pattern) => pattern.test(background))) parts.push(`background-color: ${background}`);
  return parts.join("; ");
}

/** Office and Google Docs mark formatting with styles, not tags: turn those into the tags the toolbar uses. */
function pastedFormatting(element: Element): string[] {
  const style = (element as HTMLElement).style;
  if (!style) return [];
  const tags: string[] = [];
  const weight = style.getPropertyValue("font-weight");
  if (weight === "bold" || Number(weight) >= 600) tags.push("strong");
  if (style.getPropertyValue("font-style") === "italic") tags.push("em");
  if (style.getPropertyValue("text-decoration").includes("underline")) tags.push("u");
  return tags;
}

function hasBlockChild(element: Element): boolean {
  for (const child of element.children) if (BLOCKS.has(child.localName) || hasBlockChild(child)) return true;
  return false;
}

function replaceWith(element: Element, tag: string): Element {
  const next = element.ownerDocument.createElement(tag);
  while (element.firstChild) next.append(element.firstChild);
  element.replaceWith(next);
  return next;
}

function unwrap(element: Element): void {
  element.replaceWith(...element.childNodes);
}

/**
 * Reduces a DOM subtree, in place, to what `policy` allows: forbidden tags with their content removed, other
 * unknown tags unwrapped, attributes and URLs checked. `paste` also turns blocks into paragraphs and styled
 * spans into <strong>/<em>/<u>. Returns whether anything changed.
 */
export function cleanTree(root: Element | DocumentFragment, policy: RichTextPolicy, paste = false): boolean {
  let changed = false;
  const visit = (parent: Element | DocumentFragment) => {
    for (const node of [...parent.childNodes]) {
      if (node.nodeType === Node.COMMENT_NODE || node.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
        node.remove();
        changed = true;
        continue;
      }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      let element = node as Element;
      const tag = element.localName;
      if (DROP_WITH_CONTENT.has(tag) || element.namespaceURI !== "http://www.w3.org/1999/xhtml") {
        element.remove();
        changed = true;
        continue;
      }
      // Google Docs wraps a whole paste in <b style="font-weight:normal">; that is not bold.
      const notBold =
        (tag === "b" || tag === "strong") &&
        /^(normal|[1-5]00)$/.test((element as HTMLElement).style?.getPropertyValue("font-weight") ?? "");
      if (paste && (notBold || !policy.tags.has(tag))) {
        const formats = notBold ? [] : pastedFormatting(element);
        if (formats.length > 0) {
          element = replaceWith(element, formats[0]!);
          for (const format of formats.slice(1)) {
            const inner = element.ownerDocument.createElement(format);
            inner.append(...element.childNodes);
            element.append(inner);
          }
          changed = true;
        } else if (BLOCKS.has(tag) && policy.tags.has("p") && !hasBlockChild(element)) {
          element = replaceWith(element, "p");
          changed = true;
        }
      }
      visit(element);
      if (notBold || !policy.tags.has(element.localName)) {
        unwrap(element);
        changed = true;
        continue;
      }
      changed = cleanAttributes(element, policy) || changed;
      // A link whose address was refused is plain text, not something that looks clickable.
      if (element.localName === "a" && !element.hasAttribute("href")) {
        unwrap(element);
        changed = true;
      }
    }
  };
  visit(root);
  return changed;
}

function cleanAttributes(element: Element, policy: RichTextPolicy): boolean {
  const tag = element.localName;
  const allowed = policy.attributes[tag] ?? [];
  const style = tag === "span" && policy.spanColours ? spanStyle(element) : "";
  let changed = false;
  for (const { name, value } of [...element.attributes]) {
    if (name === "style" && style !== "") continue;
    if (!allowed.includes(name) || !keepAttribute(name, value)) {
      element.removeAttribute(name);
      changed = true;
    }
  }
  if (style !== "" && element.getAttribute("style") !== style) element.setAttribute("style", style);
  if (tag === "a" && element.getAttribute("target") === "_blank") {
    element.setAttribute("rel", "noopener noreferrer");
  }
  return changed;
}

/** Parses stored or pasted HTML into an inert document (scripts do not run, images do not load) and cleans it. */
export function parseRichText(html: string, policy: RichTextPolicy, paste = false): HTMLElement {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  cleanTree(body, policy, paste);
  return body;
}

/** The cleaned HTML string, for the editor to show or insert. */
export function sanitizeRichText(html: string, policy: RichTextPolicy, paste = false): string {
  return parseRichText(html, policy, paste).innerHTML;
}

/** The text of rich text on one line: blocks and line breaks become spaces. */
export function richTextExcerpt(html: string): string {
  const parts: string[] = [];
  const walk = (node: Node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) parts.push(child.textContent ?? "");
      else if (child.nodeType === Node.ELEMENT_NODE) {
        const tag = (child as Element).localName;
        if (tag === "br") parts.push(" ");
        walk(child);
        if (BLOCKS.has(tag)) parts.push(" ");
      }
    }
  };
  walk(parseRichText(html, VIEW_POLICY));
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** True when the editor holds no text and no image (browsers leave "<p><br></p>" behind). */
export function isRichTextBlank(root: Element): boolean {
  return (root.textContent ?? "").trim() === "" && root.querySelector("img, hr") === null;
}

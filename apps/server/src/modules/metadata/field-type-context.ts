import type { FieldTypeContext } from "@keduo/core";
import sanitizeHtml from "sanitize-html";
import type { DivisionLookup } from "../divisions/index.ts";

const RICH_TEXT_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "span", "del", "ins", "sub", "sup"],
  allowedAttributes: {
    a: ["href", "title", "target", "rel"],
    img: ["src", "alt", "title", "width", "height"],
    span: ["style"],
    "*": ["class"],
  },
  allowedStyles: {
    span: { color: [/^#[0-9a-f]{3,6}$/i, /^rgb\([\d\s,]+\)$/], "background-color": [/^#[0-9a-f]{3,6}$/i] },
  },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: { img: ["http", "https", "data"] },
  transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener noreferrer" }) },
};

/** What field types need from the server: the HTML sanitiser and the shipped division data. */
export function createFieldTypeContext(divisions: DivisionLookup): FieldTypeContext {
  return {
    sanitizeHtml: (html) => sanitizeHtml(html, RICH_TEXT_POLICY),
    isValidDivision: (codes) => divisions.isValid(codes),
  };
}

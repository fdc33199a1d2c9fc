import { Typography } from "antd";
import { type CSSProperties, createElement, type ReactNode, useMemo } from "react";
import { parseRichText, richTextExcerpt, VIEW_POLICY } from "../lib/rich-text-html.ts";
import { RichTextStyle } from "./rich-text-style.tsx";

const VOID = new Set(["br", "hr", "img", "wbr", "col"]);
// React (and the HTML parser) reject whitespace text directly inside these.
const NO_TEXT = new Set(["table", "thead", "tbody", "tfoot", "tr", "colgroup"]);

/** The props of one allowed element, taken attribute by attribute (cleanTree already dropped the rest). */
function propsOf(element: Element, key: number): Record<string, unknown> {
  const props: Record<string, unknown> = { key };
  for (const name of ["href", "title", "src", "alt", "width", "height"]) {
    const value = element.getAttribute(name);
    if (value !== null) props[name] = value;
  }
  if (element.localName === "a") {
    // Links in stored text lead out of the app: a new tab, without handing it our window.
    props.target = "_blank";
    props.rel = "noopener noreferrer";
    props.onClick = (event: { stopPropagation(): void }) => event.stopPropagation();
  }
  if (element.localName === "span") {
    const style = (element as HTMLElement).style;
    const css: CSSProperties = {};
    if (style.color) css.color = style.color;
    if (style.backgroundColor) css.backgroundColor = style.backgroundColor;
    props.style = css;
  }
  return props;
}

/** Builds React elements from the cleaned tree, so no HTML string is ever handed to innerHTML. */
function toReact(parent: Node): ReactNode[] {
  const nodes: ReactNode[] = [];
  parent.childNodes.forEach((node, index) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent ?? "";
      if (!(NO_TEXT.has((parent as Element).localName) && text.trim() === "")) nodes.push(text);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const element = node as Element;
    const tag = element.localName;
    nodes.push(
      VOID.has(tag)
        ? createElement(tag, propsOf(element, index))
        : createElement(tag, propsOf(element, index), ...toReact(element)),
    );
  });
  return nodes;
}

/**
 * Stored rich text (already sanitised by the server) shown as formatted text, or in lists and cards as one
 * line of plain text. It is cleaned again here against the same allow-list: defence in depth.
 */
export function RichTextView({ html, compact }: { html: string; compact?: boolean }) {
  const content = useMemo(
    () => (compact ? richTextExcerpt(html) : toReact(parseRichText(html, VIEW_POLICY))),
    [html, compact],
  );
  if (compact) {
    return (
      <Typography.Text ellipsis style={{ maxWidth: 280 }}>
        {content}
      </Typography.Text>
    );
  }
  return (
    <div className="keduo-rich-text" data-testid="rich-text-view">
      <RichTextStyle />
      {content}
    </div>
  );
}

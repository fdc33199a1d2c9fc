import { theme } from "antd";

/**
 * Typography for rendered and edited rich text, scoped to `.keduo-rich-text`. React 19 hoists a <style> with
 * `href` and `precedence` into the head once, however many fields render it.
 */
export function RichTextStyle() {
  const { token } = theme.useToken();
  const css = `
.keduo-rich-text { line-height: ${token.lineHeight}; overflow-wrap: anywhere; }
.keduo-rich-text > :first-child { margin-top: 0; }
.keduo-rich-text > :last-child { margin-bottom: 0; }
.keduo-rich-text p, .keduo-rich-text pre, .keduo-rich-text blockquote,
.keduo-rich-text table, .keduo-rich-text dl { margin: 0 0 ${token.marginXS}px; }
.keduo-rich-text ul, .keduo-rich-text ol { margin: 0 0 ${token.marginXS}px; padding-inline-start: 1.6em; }
.keduo-rich-text h1, .keduo-rich-text h2, .keduo-rich-text h3,
.keduo-rich-text h4, .keduo-rich-text h5, .keduo-rich-text h6 { margin: ${token.marginSM}px 0 ${token.marginXS}px; }
.keduo-rich-text pre { white-space: pre-wrap; }
.keduo-rich-text blockquote { padding-inline-start: ${token.paddingSM}px;
  border-inline-start: 3px solid ${token.colorBorder}; color: ${token.colorTextSecondary}; }
.keduo-rich-text img { max-width: 100%; height: auto; }
.keduo-rich-text table { border-collapse: collapse; }
.keduo-rich-text td, .keduo-rich-text th { border: 1px solid ${token.colorBorderSecondary}; padding: 4px 8px; }
.keduo-rich-text a[href] { color: ${token.colorLink}; }
`;
  return (
    <style href="keduo-rich-text" precedence="default">
      {css}
    </style>
  );
}

import {
  BoldOutlined,
  ClearOutlined,
  ItalicOutlined,
  LinkOutlined,
  OrderedListOutlined,
  UnderlineOutlined,
  UnorderedListOutlined,
} from "@ant-design/icons";
import { Button, Form, Tooltip, theme } from "antd";
import {
  type ClipboardEvent,
  type DragEvent,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from "react";
import { useTranslation } from "react-i18next";
import type { richTextZhCN } from "../i18n/rich-text.ts";
import {
  cleanTree,
  EDITOR_POLICY,
  isRichTextBlank,
  PASTE_POLICY,
  parseRichText,
  sanitizeRichText,
} from "../lib/rich-text-html.ts";
import { LinkPopover } from "./rich-text-link.tsx";
import { RichTextStyle } from "./rich-text-style.tsx";

export interface RichTextInputProps {
  value?: string | null;
  onChange?: (html: string | null) => void;
  disabled?: boolean;
  id?: string;
}

type Format = "bold" | "italic" | "underline" | "insertUnorderedList" | "insertOrderedList";

const FORMATS: { command: Format; label: keyof typeof richTextZhCN; shortcut?: string; icon: ReactNode }[] = [
  { command: "bold", label: "bold", shortcut: "B", icon: <BoldOutlined /> },
  { command: "italic", label: "italic", shortcut: "I", icon: <ItalicOutlined /> },
  { command: "underline", label: "underline", shortcut: "U", icon: <UnderlineOutlined /> },
  { command: "insertUnorderedList", label: "bulletList", icon: <UnorderedListOutlined /> },
  { command: "insertOrderedList", label: "numberedList", icon: <OrderedListOutlined /> },
];
const BUTTON_COUNT = FORMATS.length + 2;
const MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = MAC ? "⌘" : "Ctrl+";

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The <a> around the selection's start inside the editor, if any. */
function linkAtSelection(editor: HTMLElement): HTMLAnchorElement | null {
  const node = document.getSelection()?.anchorNode;
  if (!node || !editor.contains(node)) return null;
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const link = element?.closest("a");
  return link && editor.contains(link) ? link : null;
}

/**
 * A compact rich-text editor on contentEditable: bold, italic, underline, lists, links and clear formatting.
 * What it emits stays inside the server's sanitiser policy, pasted content is reduced to what the toolbar can
 * make, and the toolbar follows the ARIA toolbar pattern (one Tab stop, arrow keys; Alt+F10 from the text).
 */
export function RichTextInput({ value, onChange, disabled, id }: RichTextInputProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { status } = Form.Item.useStatus();
  const editor = useRef<HTMLDivElement>(null);
  const toolbar = useRef<HTMLDivElement>(null);
  // The last HTML this editor emitted: a value coming back unchanged must not reset the DOM (and the caret).
  const emitted = useRef<string | null | undefined>(undefined);
  const savedRange = useRef<Range | null>(null);
  const [active, setActive] = useState<ReadonlySet<string>>(new Set());
  const [focused, setFocused] = useState(false);
  const [toolIndex, setToolIndex] = useState(0);
  const [link, setLink] = useState<{ open: boolean; url: string }>({ open: false, url: "" });
  const [label, setLabel] = useState<string | null>(null);

  useLayoutEffect(() => {
    const element = editor.current;
    if (!element) return;
    const next = value ?? null;
    if (emitted.current !== undefined && next === emitted.current) return;
    element.replaceChildren(...parseRichText(next ?? "", EDITOR_POLICY).childNodes);
    emitted.current = next;
  }, [value]);

  // antd's Form.Item labels its control with <label for=id>, which a contentEditable cannot use.
  useEffect(() => {
    const element = editor.current;
    const labelElement = id
      ? document.querySelector<HTMLLabelElement>(`label[for="${CSS.escape(id)}"]`)
      : null;
    if (!element || !labelElement) return;
    setLabel(labelElement.textContent);
    const focus = () => element.focus();
    labelElement.addEventListener("click", focus);
    return () => labelElement.removeEventListener("click", focus);
  }, [id]);

  const refreshActive = useCallback(() => {
    const element = editor.current;
    if (!element) return;
    const next = new Set<string>();
    for (const { command } of FORMATS) if (document.queryCommandState(command)) next.add(command);
    if (linkAtSelection(element)) next.add("link");
    setActive((previous) =>
      previous.size === next.size && [...next].every((name) => previous.has(name)) ? previous : next,
    );
  }, []);

  useEffect(() => {
    if (!focused) return;
    document.addEventListener("selectionchange", refreshActive);
    return () => document.removeEventListener("selectionchange", refreshActive);
  }, [focused, refreshActive]);

  /** Cleans the live DOM (browsers add styled spans when merging lines) and reports the HTML. */
  const emit = () => {
    const element = editor.current;
    if (!element) return;
    const selection = document.getSelection();
    const anchor = selection?.anchorNode;
    const offset = selection?.anchorOffset ?? 0;
    if (cleanTree(element, EDITOR_POLICY) && selection && anchor?.isConnected && element.contains(anchor)) {
      selection.collapse(anchor, offset);
    }
    const html = isRichTextBlank(element) ? null : element.innerHTML;
    if (html === emitted.current) return;
    emitted.current = html;
    onChange?.(html);
  };

  /** Focuses the text again with the selection it had when focus left for the toolbar. */
  const restoreSelection = () => {
    const element = editor.current;
    // A mouse press on the toolbar keeps focus (and the live selection) in the text: nothing to restore.
    if (!element || document.activeElement === element) return;
    element.focus();
    const selection = document.getSelection();
    if (savedRange.current && selection) {
      selection.removeAllRanges();
      selection.addRange(savedRange.current);
    }
  };

  const run = (command: string, argument?: string) => {
    if (disabled) return;
    restoreSelection();
    // Tags (<b>, <ul>), never inline styles, and paragraphs rather than <div>s on Enter.
    document.execCommand("styleWithCSS", false, "false");
    document.execCommand(command, false, argument);
    emit();
    refreshActive();
  };

  const insertHtml = (html: string) => {
    if (html !== "") document.execCommand("insertHTML", false, html);
    emit();
  };

  const onPaste = (event: ClipboardEvent<HTMLDivElement>) => {
    event.preventDefault();
    const html = event.clipboardData.getData("text/html");
    const text = event.clipboardData.getData("text/plain");
    insertHtml(
      html ? sanitizeRichText(html, PASTE_POLICY, true) : escapeHtml(text).replace(/\r?\n/g, "<br>"),
    );
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    const html = event.dataTransfer.getData("text/html");
    const text = event.dataTransfer.getData("text/plain");
    if (!html && !text) return;
    event.preventDefault();
    const range = document.caretRangeFromPoint?.(event.clientX, event.clientY);
    const selection = document.getSelection();
    if (range && selection) {
      selection.removeAllRanges();
      selection.addRange(range);
    }
    insertHtml(html ? sanitizeRichText(html, PASTE_POLICY, true) : escapeHtml(text));
  };

  const openLink = () => {
    const element = editor.current;
    if (!element || disabled) return;
    const selection = document.getSelection();
    if (selection?.rangeCount && element.contains(selection.anchorNode)) {
      savedRange.current = selection.getRangeAt(0).cloneRange();
    }
    setLink({ open: true, url: linkAtSelection(element)?.getAttribute("href") ?? "" });
  };

  const closeLink = (refocus: boolean) => {
    setLink((previous) => ({ ...previous, open: false }));
    if (refocus) restoreSelection();
  };

  /** Selects the whole link the caret is in, so a change or removal applies to all of it. */
  const selectLinkAtCaret = () => {
    const element = editor.current;
    const selection = document.getSelection();
    const current = element ? linkAtSelection(element) : null;
    if (current && selection?.isCollapsed) selection.selectAllChildren(current);
  };

  const applyLink = (url: string) => {
    closeLink(true);
    selectLinkAtCaret();
    const selection = document.getSelection();
    if (selection?.isCollapsed) insertHtml(`<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`);
    else run("createLink", url);
  };

  const removeLink = () => {
    closeLink(true);
    selectLinkAtCaret();
    run("unlink");
  };

  const onEditorKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const mod = MAC ? event.metaKey : event.ctrlKey;
    if (mod && !event.altKey && event.key.toLowerCase() === "k") {
      event.preventDefault();
      openLink();
    } else if (event.altKey && event.key === "F10") {
      event.preventDefault();
      toolbar.current?.querySelectorAll("button")[toolIndex]?.focus();
    }
  };

  const onToolbarKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = {
      ArrowRight: toolIndex + 1,
      ArrowLeft: toolIndex - 1,
      Home: 0,
      End: BUTTON_COUNT - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + BUTTON_COUNT) % BUTTON_COUNT;
    setToolIndex(next);
    toolbar.current?.querySelectorAll("button")[next]?.focus();
  };

  const tool = (
    index: number,
    name: string,
    label: string,
    icon: ReactNode,
    onClick: () => void,
    shortcut?: string,
  ) => (
    <Tooltip key={name} title={shortcut ? `${label} (${MOD}${shortcut})` : label} mouseEnterDelay={0.6}>
      <Button
        type={active.has(name) ? "primary" : "text"}
        ghost={active.has(name)}
        size="small"
        icon={icon}
        aria-label={label}
        aria-keyshortcuts={shortcut ? `${MAC ? "Meta" : "Control"}+${shortcut}` : undefined}
        aria-pressed={name === "clear" ? undefined : active.has(name)}
        tabIndex={index === toolIndex ? 0 : -1}
        disabled={disabled}
        data-testid={`rich-text-${name}`}
        // Keep the text's selection: a mouse press on a button would otherwise move focus.
        onMouseDown={(event) => event.preventDefault()}
        onFocus={() => setToolIndex(index)}
        onClick={onClick}
      />
    </Tooltip>
  );

  const borderColor =
    status === "error" ? token.colorError : focused ? token.colorPrimary : token.colorBorder;

  return (
    <div
      style={{
        border: `${token.lineWidth}px solid ${borderColor}`,
        borderRadius: token.borderRadius,
        background: disabled ? token.colorBgContainerDisabled : token.colorBgContainer,
        boxShadow: focused && status !== "error" ? `0 0 0 2px ${token.colorPrimaryBg}` : undefined,
        transition: `border-color ${token.motionDurationMid}`,
      }}
    >
      <RichTextStyle />
      <div
        ref={toolbar}
        role="toolbar"
        aria-label={t("richText.toolbar")}
        aria-controls={id}
        onKeyDown={onToolbarKeyDown}
        style={{
          display: "flex",
          flexWrap: "wrap",
          gap: 2,
          padding: 4,
          borderBottom: `${token.lineWidth}px solid ${token.colorBorderSecondary}`,
        }}
      >
        {FORMATS.map((format, index) =>
          tool(
            index,
            format.command,
            t(`richText.${format.label}` as const),
            format.icon,
            () => run(format.command),
            format.shortcut,
          ),
        )}
        <LinkPopover
          open={link.open}
          initialUrl={link.url}
          onApply={applyLink}
          onRemove={removeLink}
          onOpen={openLink}
          onClose={closeLink}
        >
          {tool(FORMATS.length, "link", t("richText.link"), <LinkOutlined />, () => {}, "K")}
        </LinkPopover>
        {tool(FORMATS.length + 1, "clear", t("richText.clear"), <ClearOutlined />, () => {
          run("removeFormat");
          selectLinkAtCaret();
          run("unlink");
        })}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a multi-line formatted text box has no native element. */}
      <div
        ref={editor}
        id={id}
        role="textbox"
        aria-multiline="true"
        aria-label={label ?? t("richText.editor")}
        aria-disabled={disabled || undefined}
        aria-keyshortcuts="Alt+F10"
        tabIndex={disabled ? -1 : 0}
        contentEditable={!disabled}
        suppressContentEditableWarning
        className="keduo-rich-text"
        data-testid="rich-text-editor"
        onInput={emit}
        onPaste={onPaste}
        onDrop={onDrop}
        onKeyDown={onEditorKeyDown}
        onFocus={() => {
          setFocused(true);
          document.execCommand("defaultParagraphSeparator", false, "p");
          refreshActive();
        }}
        onBlur={() => {
          const selection = document.getSelection();
          if (selection?.rangeCount && editor.current?.contains(selection.anchorNode)) {
            savedRange.current = selection.getRangeAt(0).cloneRange();
          }
          setFocused(false);
        }}
        style={{
          minHeight: 88,
          maxHeight: 360,
          overflowY: "auto",
          padding: `${token.paddingXS}px ${token.paddingSM - 1}px`,
          outline: "none",
          cursor: disabled ? "not-allowed" : "text",
          color: disabled ? token.colorTextDisabled : token.colorText,
        }}
      />
    </div>
  );
}

export default RichTextInput;

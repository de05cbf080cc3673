/**
 * The CodeMirror 6 editor for coding answers. Loaded with a dynamic import only when a coding
 * question is on screen, so the rest of the client never pays for it.
 *
 * It lives in a shadow root: CodeMirror then installs its styles as constructed style sheets,
 * which the page's Content-Security-Policy (style-src 'self') allows, where a <style> element in
 * the document would be blocked. ID references do not cross the shadow boundary, so the label and
 * description are passed as text.
 */
import { defaultKeymap, history, historyKeymap, indentWithTab, temporarilySetTabFocusMode } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { HighlightStyle, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, placeholder } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

/** Token colours chosen for at least 4.5:1 contrast on the editor's background. */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.operatorKeyword], color: "#7a2e8c" },
  { tag: [t.string, t.special(t.string)], color: "#8a3a12" },
  { tag: [t.number, t.bool, t.null], color: "#1d5f7a" },
  { tag: t.comment, color: "#5b6669", fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: "#254c49" },
  { tag: t.definition(t.variableName), color: "#1f2628", fontWeight: "600" },
  { tag: [t.className, t.typeName], color: "#6b4b00" },
]);

export interface CodeEditorOptions {
  doc: string;
  label: string;
  description: string;
  placeholder: string;
  onChange: (text: string) => void;
}

export interface CodeEditor {
  focus(): void;
  setReadOnly(readOnly: boolean): void;
  /** Replaces the text when it changed outside the editor (a spoken transcript); a no-op otherwise. */
  setText(text: string): void;
  destroy(): void;
}

// Ctrl/Cmd + Enter sends the answer (the composer listens on the document), so the editor must
// not claim it for "insert blank line".
const keys = defaultKeymap.filter((k) => k.key !== "Mod-Enter");

/** The page's look, inside the shadow root (page CSS does not reach it; custom properties do). */
const theme = EditorView.theme({
  "&": {
    minHeight: "260px",
    border: "1px solid var(--line-strong)",
    borderRadius: "10px",
    background: "#fffefb",
    color: "var(--ink)",
    fontSize: "0.92rem",
  },
  "&.cm-focused": { outline: "3px solid var(--focus)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--mono)", lineHeight: "1.55", minHeight: "260px" },
  ".cm-gutters": {
    background: "var(--surface-2)",
    borderRight: "1px solid var(--line)",
    color: "var(--muted)",
    borderRadius: "10px 0 0 10px",
  },
  ".cm-content": { padding: "12px 0" },
  ".cm-placeholder": { color: "var(--muted)" },
});

export function createCodeEditor(parent: HTMLElement, opts: CodeEditorOptions): CodeEditor {
  const editable = new Compartment();
  const shadow = parent.shadowRoot ?? parent.attachShadow({ mode: "open", delegatesFocus: true });
  const view = new EditorView({
    parent: shadow,
    root: shadow,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        lineNumbers(),
        history(),
        python(),
        theme,
        syntaxHighlighting(highlight),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        placeholder(opts.placeholder),
        // Tab indents; Escape first makes the next Tab leave the editor (the usual escape hatch).
        keymap.of([{ key: "Escape", run: temporarilySetTabFocusMode }, indentWithTab, ...keys, ...historyKeymap]),
        EditorView.contentAttributes.of({
          "aria-label": opts.label,
          "aria-description": opts.description,
          "aria-multiline": "true",
          spellcheck: "false",
          autocapitalize: "off",
          autocorrect: "off",
        }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) opts.onChange(u.state.doc.toString());
        }),
        editable.of(EditorView.editable.of(true)),
      ],
    }),
  });
  return {
    focus: () => view.focus(),
    setReadOnly: (ro) => view.dispatch({ effects: editable.reconfigure(EditorView.editable.of(!ro)) }),
    setText: (text) => {
      const current = view.state.doc.toString();
      if (current !== text) view.dispatch({ changes: { from: 0, to: current.length, insert: text } });
    },
    destroy: () => view.destroy(),
  };
}

/**
 * The CodeMirror 6 editor for coding answers. Loaded with a dynamic import only when a coding
 * question is on screen, so the rest of the client never pays for it.
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
  labelId: string;
  describedBy: string;
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

export function createCodeEditor(parent: HTMLElement, opts: CodeEditorOptions): CodeEditor {
  const editable = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.doc,
      extensions: [
        lineNumbers(),
        history(),
        python(),
        syntaxHighlighting(highlight),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        placeholder(opts.placeholder),
        // Tab indents; Escape first makes the next Tab leave the editor (the usual escape hatch).
        keymap.of([{ key: "Escape", run: temporarilySetTabFocusMode }, indentWithTab, ...keys, ...historyKeymap]),
        EditorView.contentAttributes.of({
          "aria-labelledby": opts.labelId,
          "aria-describedby": opts.describedBy,
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
